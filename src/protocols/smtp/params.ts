/**
 * ESMTP parameters of MAIL and RCPT (RFC 5321 §4.1.2 `esmtp-param`, values widened to UTF-8 by
 * RFC 6531 §3.3) and xtext (RFC 3461 §4). Pure: no I/O, no replies.
 *
 * @module
 */
import { latin1, utf8Strictly } from "../../io/mod.ts";
import { ParseError } from "./path.ts";

/** One `KEYWORD[=value]`. */
export interface EsmtpParam {
  /** Upper-cased. */
  keyword: string;
  /** The value as written (not xtext-decoded); null when there was no `=`. */
  value: string | null;
}

const SP = 0x20;

const paramError = (kind: "syntax" | "utf8", message: string) => new ParseError(kind, message, "params");
const EQ = 0x3d;

const isAlnum = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/**
 * Parses `SP param *(SP param)` from `bytes[pos..]`, the rest of a MAIL/RCPT line after the
 * path. Runs of spaces count as one separator (clients that send two are common and harmless).
 * A keyword given twice is an error: RFC 5321 leaves its meaning undefined.
 *
 * @throws {ParseError}
 */
export function parseParams(bytes: Uint8Array, pos: number): EsmtpParam[] {
  const out: EsmtpParam[] = [];
  const seen = new Set<string>();
  const len = bytes.length;
  let i = pos;
  if (i < len && bytes[i] !== SP) throw paramError("syntax", "expected a space before the parameters");
  for (;;) {
    while (bytes[i] === SP) i++;
    if (i >= len) return out;
    const kStart = i;
    if (!isAlnum(bytes[i]!)) throw paramError("syntax", "bad parameter keyword");
    while (i < len && (isAlnum(bytes[i]!) || bytes[i] === 0x2d)) i++;
    const keyword = latin1(bytes, kStart, i).toUpperCase();
    if (seen.has(keyword)) throw paramError("syntax", `parameter ${keyword} given twice`);
    seen.add(keyword);
    let value: string | null = null;
    if (bytes[i] === EQ) {
      const vStart = ++i;
      let ascii = true;
      // esmtp-value: 33-60 / 62-126 (no '=', no controls, no space), or UTF-8 (RFC 6531).
      while (i < len && bytes[i] !== SP) {
        const c = bytes[i]!;
        if (c === EQ || c < 0x21 || c === 0x7f) throw paramError("syntax", `bad character in the value of ${keyword}`);
        if (c > 0x7f) ascii = false;
        i++;
      }
      if (i === vStart) throw paramError("syntax", `empty value for ${keyword}`);
      if (ascii) value = latin1(bytes, vStart, i);
      else {
        value = utf8Strictly(bytes.subarray(vStart, i));
        if (value === null) throw paramError("utf8", `the value of ${keyword} is not valid UTF-8`);
      }
    } else if (i < len && bytes[i] !== SP) {
      throw paramError("syntax", "bad parameter keyword");
    }
    out.push({ keyword, value });
  }
}

/**
 * Decodes xtext (`+HH` escapes; other characters 33-126 except `+` and `=` stand for themselves),
 * or null when `s` is not xtext. Lower-case hex digits are accepted.
 */
export function decodeXtext(s: string): string | null {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x2b) {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return null;
      out += String.fromCharCode(parseInt(hex, 16));
      i += 2;
    } else if (c < 0x21 || c > 0x7e || c === EQ) {
      return null;
    } else {
      out += s[i];
    }
  }
  return out;
}

/** Encodes text as xtext (the inverse of {@link decodeXtext} for characters up to 0xFF). */
export function encodeXtext(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += c < 0x21 || c > 0x7e || c === 0x2b || c === EQ ? "+" + c.toString(16).toUpperCase().padStart(2, "0") : s[i];
  }
  return out;
}
