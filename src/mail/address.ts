/**
 * Envelope addresses (RFC 5321 section 4.1.2, RFC 6531 for SMTPUTF8): a mailbox `local@domain` in a
 * path, optionally in angle brackets and after an obsolete source route. Pure functions; the
 * policy (who may send where) lives in recipients.ts and sender.ts.
 *
 * @module
 */
import { parseDomain, type DomainFailure, type ParsedDomain } from "./domain.ts";

/** Why an address was refused. */
export type AddressFailure =
  | DomainFailure
  | "no_at"
  | "bad_local"
  | "local_too_long"
  | "path_too_long"
  | "bad_source_route";

/** A parsed mailbox. */
export interface Mailbox {
  /** The local part as meant: a quoted string's content, unquoted and unescaped. Case kept. */
  local: string;
  /** The local part as written on the wire: a dot-atom when it can be one, else a quoted string. */
  localWire: string;
  /** The domain: lower-case A-labels, or a canonical address literal. */
  domain: ParsedDomain;
  /** `localWire@domain`, the normalised address. */
  address: string;
  /** Needs SMTPUTF8 to be sent on (non-ASCII local part or U-labels as given). */
  utf8: boolean;
}

/** The outcome of parsing; `detail` is safe to show to the client. */
export type AddressResult =
  | { ok: true; mailbox: Mailbox; /** hosts of a source route, already ignored (RFC 5321 section 3.3) */ sourceRoute: string[] }
  | { ok: false; reason: AddressFailure; detail: string };

/** Options for parseAddress. */
export interface AddressOptions {
  /** SMTPUTF8 was given on MAIL: non-ASCII local parts and U-labels are allowed. */
  smtputf8?: boolean;
  /** Refuse a domain whose TLD is not delegated (default true). */
  checkTld?: boolean;
}

/** RFC 5321 section 4.5.3.1: limits in octets. */
export const MAX_LOCAL_OCTETS = 64;
export const MAX_PATH_OCTETS = 256;

// The hyphen last, so that it is literal in every character class built from this.
const ATEXT_ASCII = "A-Za-z0-9!#$%&'*+/=?^_`{|}~-";
const DOT_ATOM = new RegExp(`^[${ATEXT_ASCII}]+(?:\\.[${ATEXT_ASCII}]+)*$`);
// RFC 6532 UTF8-non-ascii, less C1 controls and unpaired surrogates.
const ATEXT_UTF8 = `\\u00a0-\\u{10ffff}${ATEXT_ASCII}`;
const DOT_ATOM_UTF8 = new RegExp(`^[${ATEXT_UTF8}]+(?:\\.[${ATEXT_UTF8}]+)*$`, "u");
const LONE_SURROGATE = /[\ud800-\udfff]/u;
const NON_ASCII = /[^\x00-\x7f]/;
// An obsolete source route: `@host,@host:` (RFC 5321 section 4.1.2 A-d-l).
const SOURCE_ROUTE = /^(@[^,:@]+(?:,@[^,:@]+)*):/;

const utf8Length = (s: string) => new TextEncoder().encode(s).byteLength;
const fail = (reason: AddressFailure, detail: string): AddressResult => ({ ok: false, reason, detail });

/** True when `local` can be written unquoted (a dot-atom) under the given SMTPUTF8 setting. */
export function isDotAtom(local: string, utf8 = false): boolean {
  return utf8 ? DOT_ATOM_UTF8.test(local) && !LONE_SURROGATE.test(local) : DOT_ATOM.test(local);
}

/** The wire form of a local part: as is when a dot-atom, else quoted with `"` and `\` escaped. */
export function quoteLocal(local: string): string {
  return isDotAtom(local, true) ? local : `"${local.replace(/["\\]/g, "\\$&")}"`;
}

/**
 * Parses a reverse or forward path's mailbox: `local@domain`, `<local@domain>`, or
 * `<@relay1,@relay2:local@domain>`, whose source route is dropped (RFC 5321 says to ignore it and
 * deliver by the final domain; returned so callers can log it). The null path is not a mailbox:
 * callers handle `<>` themselves.
 */
export function parseAddress(text: string, o: AddressOptions = {}): AddressResult {
  const smtputf8 = o.smtputf8 ?? false;
  if (utf8Length(text) > MAX_PATH_OCTETS) return fail("path_too_long", `the address is longer than ${MAX_PATH_OCTETS} octets`);
  let s = text;
  if (s.startsWith("<")) {
    if (!s.endsWith(">")) return fail("bad_local", "unbalanced angle brackets");
    s = s.slice(1, -1);
  }
  let sourceRoute: string[] = [];
  if (s.startsWith("@")) {
    const m = SOURCE_ROUTE.exec(s);
    if (!m) return fail("bad_source_route", "invalid source route");
    sourceRoute = m[1].split(",").map((h) => h.slice(1));
    for (const host of sourceRoute) {
      if (!parseDomain(host, { utf8: smtputf8, checkTld: false }).ok) return fail("bad_source_route", "invalid host in the source route");
    }
    s = s.slice(m[0].length);
  }
  if (s === "") return fail("no_at", "the address is empty");
  if (!smtputf8 && NON_ASCII.test(s)) return fail("utf8_not_allowed", "a non-ASCII address needs SMTPUTF8");
  const local = s.startsWith('"') ? readQuoted(s, smtputf8) : readDotAtom(s, smtputf8);
  if (!local.ok) return fail(local.reason, local.detail);
  const rest = s.slice(local.end);
  if (!rest.startsWith("@")) return fail("no_at", "the address has no @domain");
  if (local.value === "") return fail("bad_local", "the local part is empty");
  const localWire = quoteLocal(local.value);
  if (utf8Length(localWire) > MAX_LOCAL_OCTETS) return fail("local_too_long", `the local part is longer than ${MAX_LOCAL_OCTETS} octets`);
  const d = parseDomain(rest.slice(1), { utf8: smtputf8, checkTld: o.checkTld });
  if (!d.ok) return d;
  const utf8 = NON_ASCII.test(local.value) || (d.domain.kind === "name" && d.domain.utf8);
  return { ok: true, mailbox: { local: local.value, localWire, domain: d.domain, address: `${localWire}@${d.domain.name}`, utf8 }, sourceRoute };
}

type LocalRead = { ok: true; value: string; end: number } | { ok: false; reason: AddressFailure; detail: string };

function readDotAtom(s: string, utf8: boolean): LocalRead {
  const at = s.indexOf("@");
  const value = at < 0 ? s : s.slice(0, at);
  if (at < 0) return { ok: false, reason: "no_at", detail: "the address has no @domain" };
  if (!isDotAtom(value, utf8)) return { ok: false, reason: "bad_local", detail: "invalid local part" };
  return { ok: true, value, end: at };
}

// RFC 5321 Quoted-string: qtextSMTP is printable ASCII but `"` and `\`; quoted-pairSMTP is `\` and
// one printable ASCII character; RFC 6531 adds UTF-8.
function readQuoted(s: string, utf8: boolean): LocalRead {
  let value = "";
  for (let i = 1; i < s.length; i++) {
    const c = s[i];
    const code = s.codePointAt(i)!;
    if (c === '"') return { ok: true, value, end: i + 1 };
    if (c === "\\") {
      const next = s.charCodeAt(i + 1);
      if (!(next >= 0x20 && next <= 0x7e)) return { ok: false, reason: "bad_local", detail: "invalid quoted pair in the local part" };
      value += s[++i];
      continue;
    }
    const ok = (code >= 0x20 && code <= 0x7e) || (utf8 && code >= 0xa0 && !(code >= 0xd800 && code <= 0xdfff));
    if (!ok) return { ok: false, reason: "bad_local", detail: "invalid character in the quoted local part" };
    const ch = String.fromCodePoint(code);
    value += ch;
    i += ch.length - 1;
  }
  return { ok: false, reason: "bad_local", detail: "unterminated quoted local part" };
}
