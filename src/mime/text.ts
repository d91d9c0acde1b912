/**
 * Header text as strings. Parsing works on "byte strings" (one char per byte, see `latin1`) so
 * that a value can always be turned back into its exact bytes (a boundary is compared with the
 * body bytes). Only values handed out to callers are converted with `display`.
 *
 * @module
 */
import { latin1, utf8Strictly } from "../io/ascii.ts";

export { latin1 };

/** True when every char is below 0x80 (then a byte string is already the right text). */
function isAsciiString(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * A byte string as text: UTF-8 when its bytes are valid UTF-8 (RFC 6532 headers), otherwise the
 * bytes one char each (legacy 8-bit headers, usually ISO-8859-1, keep their letters instead of
 * turning into U+FFFD).
 */
export function display(bytes: string): string {
  if (isAsciiString(bytes)) return bytes;
  const raw = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) raw[i] = bytes.charCodeAt(i) & 0xff;
  return utf8Strictly(raw) ?? bytes;
}

/**
 * A header value unfolded (RFC 5322 2.2.3: every CR and LF removed, the WSP that follows kept)
 * with leading and trailing whitespace trimmed.
 */
export function unfold(value: string): string {
  return value.replace(/[\r\n]+/g, "").replace(/^[ \t]+|[ \t]+$/g, "");
}

/** Lower-cases ASCII letters only (header and parameter names; toLowerCase maps some 8-bit chars). */
export function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

/** Upper-cases ASCII letters only. */
export function asciiUpper(s: string): string {
  return s.replace(/[a-z]+/g, (m) => m.toUpperCase());
}
