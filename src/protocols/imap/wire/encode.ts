/**
 * Strings on the way out (RFC 9051 4.3): quoted when the text allows, a literal otherwise.
 * Mailbox names, ENVELOPE fields and the like go through here so a `"` or a CR in a value can
 * never end a response early.
 *
 * @module
 */
import { encodeUtf8 } from "../../../io/mod.ts";

/** Text that can go in a quoted string: no CR, LF or NUL, and ASCII unless `utf8`. */
function quotable(s: string, utf8: boolean): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0 || c === 0x0d || c === 0x0a) return false;
    if (c > 0x7e && !utf8) return false;
  }
  return true;
}

/** `s` as an IMAP string: `"..."` with `\` and `"` escaped, or a `{n}` literal (UTF-8 bytes). */
export function imapString(s: string, o: { utf8?: boolean } = {}): string {
  if (quotable(s, o.utf8 ?? true)) return `"${s.replace(/[\\"]/g, (m) => `\\${m}`)}"`;
  return `{${encodeUtf8(s).length}}\r\n${s}`;
}

/** `imapString`, or `NIL` for null. */
export function nstring(s: string | null | undefined, o: { utf8?: boolean } = {}): string {
  return s === null || s === undefined ? "NIL" : imapString(s, o);
}
