/**
 * The domain of an envelope address (RFC 5321 section 4.1.2): a host name, normalised to lower-case
 * A-labels, or an address literal `[192.0.2.1]` / `[IPv6:2001:db8::1]`.
 *
 * Only labels that hold non-ASCII characters are handed to `domainToASCII`, one at a time: fed a
 * whole name, the WHATWG host parser also rewrites ASCII it should refuse (`0x7f.1` becomes
 * `127.0.0.1`, `a%41.com` becomes `aa.com` on Node and Bun, not on Deno), and an address check must
 * neither accept such spellings nor answer differently per runtime.
 *
 * @module
 */
import { domainToASCII } from "node:url";
import { formatIp, parseIp } from "../config/ip.ts";
import { punycodeDecode } from "./punycode.ts";
import { isKnownTld } from "./tld.ts";

/** Why a domain was refused. */
export type DomainFailure =
  | "empty"
  | "trailing_dot"
  | "bad_label"
  | "bad_idn"
  | "utf8_not_allowed"
  | "not_fqdn"
  | "too_long"
  | "unknown_tld"
  | "bad_address_literal";

/** A parsed domain. */
export type ParsedDomain =
  | { kind: "name"; /** lower-case, A-labels */ name: string; /** written with non-ASCII (U-labels) */ utf8: boolean }
  | { kind: "literal"; /** canonical `[a.b.c.d]` or `[IPv6:...]` */ name: string; family: 4 | 6; ip: string };

export type DomainResult = { ok: true; domain: ParsedDomain } | { ok: false; reason: DomainFailure; detail: string };

/** Options for parseDomain. */
export interface DomainOptions {
  /** SMTPUTF8 in force: U-labels may be used (RFC 6531); without it the envelope is ASCII only. */
  utf8?: boolean;
  /** Refuse a name whose TLD is not delegated (default true). */
  checkTld?: boolean;
}

const LDH = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
// RFC 3490 section 3.1: these also separate labels in internationalised names.
const IDEOGRAPHIC_DOTS = /[\u3002\uff0e\uff61]/g;
// C0/C1 controls, whitespace and unpaired surrogates never belong in a U-label.
const NOT_IN_ULABEL = /[\u0000-\u0020\u007f-\u009f\ud800-\udfff]/u;

const fail = (reason: DomainFailure, detail: string): DomainResult => ({ ok: false, reason, detail });

/** Parses and normalises the domain part of an address. */
export function parseDomain(text: string, o: DomainOptions = {}): DomainResult {
  if (text === "") return fail("empty", "the domain is empty");
  if (text.startsWith("[")) return parseLiteral(text);
  if (/[^\x00-\x7f]/.test(text) && !o.utf8) return fail("utf8_not_allowed", "a non-ASCII domain needs SMTPUTF8");
  const name = text.replace(IDEOGRAPHIC_DOTS, ".");
  if (name.endsWith(".")) return fail("trailing_dot", "the domain ends with a dot");
  const labels: string[] = [];
  let utf8 = false;
  for (const raw of name.split(".")) {
    let label: string;
    if (/^[\x00-\x7f]*$/.test(raw)) {
      label = raw.toLowerCase();
      if (!LDH.test(label)) return fail("bad_label", `invalid label ${JSON.stringify(raw)}`);
      if (label.startsWith("xn--") && !isALabel(label)) return fail("bad_idn", `invalid A-label ${JSON.stringify(raw)}`);
    } else {
      utf8 = true;
      if (NOT_IN_ULABEL.test(raw)) return fail("bad_idn", `invalid internationalised label ${JSON.stringify(raw)}`);
      label = domainToASCII(raw);
      // The mapping may produce dots (an IPv4 reading of full-width digits) or nothing at all.
      if (!LDH.test(label) || (label.startsWith("xn--") && !isALabel(label))) return fail("bad_idn", `invalid internationalised label ${JSON.stringify(raw)}`);
    }
    labels.push(label);
  }
  if (labels.length < 2) return fail("not_fqdn", "the domain must be a fully qualified name");
  const ascii = labels.join(".");
  if (ascii.length > 253) return fail("too_long", "the domain is longer than 253 characters");
  const tld = labels[labels.length - 1];
  if (/^[0-9]+$/.test(tld)) return fail("bad_label", "a top-level domain is never numeric");
  if (o.checkTld !== false && !isKnownTld(tld)) return fail("unknown_tld", `.${tld} is not a top-level domain`);
  return { ok: true, domain: { kind: "name", name: ascii, utf8 } };
}

/** True when `tld` of a normalised name is delegated; for callers that parsed with checkTld false. */
export function hasKnownTld(name: string): boolean {
  return isKnownTld(name.slice(name.lastIndexOf(".") + 1));
}

// An A-label must decode to something non-ASCII that encodes back to exactly itself.
function isALabel(label: string): boolean {
  const u = punycodeDecode(label.slice(4));
  return u !== null && /[^\x00-\x7f]/.test(u) && domainToASCII(u) === label;
}

function parseLiteral(text: string): DomainResult {
  if (!text.endsWith("]")) return fail("bad_address_literal", "an address literal must end with ]");
  const body = text.slice(1, -1);
  const v6 = /^ipv6:/i.test(body);
  const ip = parseIp(v6 ? body.slice(5) : body);
  if (!ip || ip.family !== (v6 ? 6 : 4)) {
    const detail = !v6 && /^[A-Za-z0-9-]*[A-Za-z0-9]:/.test(body) ? "unsupported address literal tag" : "invalid address literal";
    return fail("bad_address_literal", detail);
  }
  const formatted = formatIp(ip);
  return { ok: true, domain: { kind: "literal", name: v6 ? `[IPv6:${formatted}]` : `[${formatted}]`, family: ip.family, ip: formatted } };
}
