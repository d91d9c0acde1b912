/**
 * RFC 5321 §4.1.2 `Reverse-path` / `Forward-path` parsing over bytes, with the RFC 6531
 * (SMTPUTF8) extension of atext, qtext and domain labels to UTF-8. Pure: no I/O, no replies.
 *
 * @module
 */
import { latin1, utf8Strictly } from "../../io/mod.ts";
import { parseIp } from "../../config/ip.ts";

/** Why a path, parameter or command argument did not parse; commands map it to a reply. */
export class ParseError extends Error {
  /** `utf8`: bytes that are not valid UTF-8; `syntax`: anything else. */
  readonly kind: "syntax" | "utf8";
  /** Which part of the line was wrong: the address or the ESMTP parameters. */
  readonly part: "path" | "params";
  constructor(kind: "syntax" | "utf8", message: string, part: "path" | "params" = "path") {
    super(message);
    this.name = "ParseError";
    this.kind = kind;
    this.part = part;
  }
}

/** A parsed path. */
export interface Path {
  /**
   * The mailbox exactly as the client wrote it between the brackets, source route removed:
   * `user@example.org`, `"john doe"@example.org`, `user@[192.0.2.1]`; `""` for the null path
   * `<>`; `Postmaster` for the special `<Postmaster>` recipient (RFC 5321 §4.1.1.3).
   */
  address: string;
  /** The local part as written (quotes and escapes kept). */
  localPart: string;
  /** The domain or address literal; `""` for the null path and `<Postmaster>`. */
  domain: string;
  /** No byte above 0x7F: usable without SMTPUTF8. */
  ascii: boolean;
  /** Offset just past the closing `>`. */
  end: number;
}

/** Options for {@link parsePath}. */
export interface PathOptions {
  /** Accept `<>` (MAIL FROM). */
  allowNull?: boolean;
  /** Accept `<Postmaster>` without a domain (RCPT TO). */
  allowPostmaster?: boolean;
}

const LT = 0x3c;
const GT = 0x3e;
const AT = 0x40;
const DQUOTE = 0x22;
const BACKSLASH = 0x5c;
const DOT = 0x2e;
const COMMA = 0x2c;
const COLON = 0x3a;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const HYPHEN = 0x2d;

/** Longest domain (RFC 1035 / RFC 5321 §4.5.3.1.2) and label. */
const MAX_DOMAIN = 255;
const MAX_LABEL = 63;

// RFC 5322 atext: ALPHA / DIGIT / "!#$%&'*+-/=?^_`{|}~"
const ATEXT = new Uint8Array(256);
for (let c = 0x30; c <= 0x39; c++) ATEXT[c] = 1;
for (let c = 0x41; c <= 0x5a; c++) ATEXT[c] = 1;
for (let c = 0x61; c <= 0x7a; c++) ATEXT[c] = 1;
for (const ch of "!#$%&'*+-/=?^_`{|}~") ATEXT[ch.charCodeAt(0)] = 1;
// RFC 6531: UTF8-non-ascii joins atext and qtext; checked as UTF-8 once the path is complete.
for (let c = 0x80; c <= 0xff; c++) ATEXT[c] = 1;

const isAlnum = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/**
 * Parses `<path>` starting at `bytes[pos]`. A source route (`<@a,@b:user@c>`) is accepted and
 * dropped (RFC 5321 §4.1.1.3: accept, ignore). Lengths: a domain is at most 255 bytes and a
 * label 63; the local part is not limited beyond the command line (RFC 5321 §4.5.3.1 asks
 * for no limits where possible, and SRS/VERP addresses pass 64).
 *
 * @throws {ParseError}
 */
export function parsePath(bytes: Uint8Array, pos: number, o: PathOptions = {}): Path {
  const len = bytes.length;
  if (bytes[pos] !== LT) throw new ParseError("syntax", "expected an address in angle brackets: <user@domain>");
  let i = pos + 1;
  if (bytes[i] === GT) {
    if (!o.allowNull) throw new ParseError("syntax", "the null path <> is not allowed here");
    return { address: "", localPart: "", domain: "", ascii: true, end: i + 1 };
  }
  if (bytes[i] === AT) i = skipSourceRoute(bytes, i);
  const localStart = i;
  if (bytes[i] === DQUOTE) {
    i++;
    for (;;) {
      if (i >= len) throw new ParseError("syntax", "unterminated quoted local part");
      const c = bytes[i]!;
      if (c === DQUOTE) break;
      if (c === BACKSLASH) {
        const n = bytes[i + 1];
        if (n === undefined || n < 0x20 || n > 0x7e) throw new ParseError("syntax", "bad quoted pair in the local part");
        i += 2;
        continue;
      }
      // qtextSMTP is 32-126 without '"' and '\'; UTF-8 above 127.
      if (c < 0x20 || c === 0x7f) throw new ParseError("syntax", "control character in the local part");
      i++;
    }
    i++;
  } else {
    for (;;) {
      const atomStart = i;
      while (i < len && ATEXT[bytes[i]!]) i++;
      if (i === atomStart) {
        const empty = i === localStart || bytes[i] === DOT || bytes[i - 1] === DOT;
        throw new ParseError("syntax", empty ? "empty atom in the local part (a dot at the start, the end or twice)" : "unexpected character in the local part");
      }
      if (bytes[i] !== DOT) break;
      i++;
    }
    if (i < len && bytes[i] !== AT && bytes[i] !== GT) throw new ParseError("syntax", "unexpected character in the local part");
  }
  const localEnd = i;
  let domainStart = i;
  let domainEnd = i;
  if (bytes[i] === AT) {
    domainStart = ++i;
    i = bytes[i] === LBRACKET ? skipAddressLiteral(bytes, i) : skipDomain(bytes, i);
    domainEnd = i;
  } else if (!(o.allowPostmaster && isPostmaster(bytes, localStart, localEnd))) {
    throw new ParseError("syntax", "expected @domain after the local part");
  }
  if (bytes[i] !== GT) throw new ParseError("syntax", i >= len ? "missing closing >" : "unexpected character in the address");
  const text = (s: number, e: number) => decodeText(bytes, s, e);
  const localPart = text(localStart, localEnd);
  const domain = text(domainStart, domainEnd);
  const ascii = isAsciiRange(bytes, localStart, domainEnd);
  return { address: domain ? `${localPart}@${domain}` : localPart, localPart, domain, ascii, end: i + 1 };
}

function isPostmaster(bytes: Uint8Array, s: number, e: number): boolean {
  return e - s === 10 && latin1(bytes, s, e).toLowerCase() === "postmaster";
}

/** `@a,@b:` → the offset after the colon. */
function skipSourceRoute(bytes: Uint8Array, i: number): number {
  for (;;) {
    if (bytes[i] !== AT) throw new ParseError("syntax", "bad source route");
    i = skipDomain(bytes, i + 1);
    if (bytes[i] === COMMA) {
      i++;
      continue;
    }
    if (bytes[i] !== COLON) throw new ParseError("syntax", "bad source route");
    return i + 1;
  }
}

/** `sub-domain *("." sub-domain)` with LDH labels (plus UTF-8 for U-labels) → the offset after it. */
function skipDomain(bytes: Uint8Array, i: number): number {
  const start = i;
  for (;;) {
    const labelStart = i;
    while (i < bytes.length && (isAlnum(bytes[i]!) || bytes[i] === HYPHEN || bytes[i]! >= 0x80)) i++;
    if (i === labelStart) throw new ParseError("syntax", "empty or invalid domain label");
    if (i - labelStart > MAX_LABEL) throw new ParseError("syntax", "domain label longer than 63 bytes");
    if (bytes[labelStart] === HYPHEN || bytes[i - 1] === HYPHEN) throw new ParseError("syntax", "domain label starts or ends with '-'");
    if (i - start > MAX_DOMAIN) throw new ParseError("syntax", "domain longer than 255 bytes");
    if (bytes[i] !== DOT) return i;
    i++;
  }
}

/** `[...]` → the offset after `]`, once its content is a valid address literal. */
function skipAddressLiteral(bytes: Uint8Array, i: number): number {
  const start = i + 1;
  let j = start;
  // dcontent: printable ASCII without '[', '\', ']'.
  while (j < bytes.length && bytes[j]! >= 0x21 && bytes[j]! <= 0x7e && bytes[j] !== LBRACKET && bytes[j] !== BACKSLASH && bytes[j] !== RBRACKET) j++;
  if (bytes[j] !== RBRACKET) throw new ParseError("syntax", "unterminated address literal");
  if (!isAddressLiteral(latin1(bytes, start, j))) throw new ParseError("syntax", "invalid address literal");
  return j + 1;
}

/** RFC 5321 §4.1.3: IPv4, `IPv6:` + IPv6, or a `tag:content` general literal. */
export function isAddressLiteral(inner: string): boolean {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(inner)) return inner.split(".").every((n) => Number(n) <= 255);
  if (/^ipv6:/i.test(inner)) return parseIp(inner.slice(5))?.family === 6;
  // General-address-literal: Standardized-tag (Ldh-str) ":" 1*dcontent.
  return /^[A-Za-z0-9-]*[A-Za-z0-9]:[\x21-\x5a\x5e-\x7e]+$/.test(inner);
}

function isAsciiRange(bytes: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (bytes[i]! > 0x7f) return false;
  return true;
}

/** ASCII bytes as they are; anything else must be valid UTF-8. */
function decodeText(bytes: Uint8Array, s: number, e: number): string {
  if (isAsciiRange(bytes, s, e)) return latin1(bytes, s, e);
  const t = utf8Strictly(bytes.subarray(s, e));
  if (t === null) throw new ParseError("utf8", "the address is not valid UTF-8");
  return t;
}
