/**
 * Where TOP msg n stops (RFC 1939 §7): after the header, the blank line that ends it, and `n`
 * lines of the body. Pure; works on the stored bytes so nothing is copied.
 *
 * @module
 */
import { LF } from "../../io/mod.ts";

/**
 * The length of the prefix of `message` that TOP sends for `lines` body lines: the whole message
 * when it has no body or fewer lines. A line ends at LF (CRLF in stored mail); the header ends at
 * the first empty line.
 */
export function topLength(message: Uint8Array, lines: number): number {
  // The header: lines up to and including the first empty one ("\r\n" or "\n" alone).
  let pos = 0;
  for (;;) {
    const lf = message.indexOf(LF, pos);
    if (lf < 0) return message.length;
    const empty = lf === pos || (lf === pos + 1 && message[pos] === 13);
    pos = lf + 1;
    if (empty) break;
  }
  for (let i = 0; i < lines; i++) {
    const lf = message.indexOf(LF, pos);
    if (lf < 0) return message.length;
    pos = lf + 1;
  }
  return pos;
}
