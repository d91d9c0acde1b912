/**
 * A part's body with its Content-Transfer-Encoding undone (IMAP BINARY, SEARCH, attachments).
 *
 * 7bit, 8bit and binary come back as stored; base64 is decoded leniently (base64.ts);
 * quoted-printable (RFC 2045 6.7) with soft line breaks, `=XX` in either case, trailing whitespace
 * on each line dropped (it was added in transport), and an `=` that starts no valid escape kept as
 * is. Any other encoding gives null: IMAP BINARY answers it with [UNKNOWN-CTE].
 *
 * @module
 */
import { decodeBase64 } from "./base64.ts";
import type { MimePart } from "./types.ts";

const CR = 13;
const LF = 10;
const SP = 32;
const HT = 9;
const EQ = 61;

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  if (l >= 97 && l <= 102) return l - 87;
  return -1;
}

/** Decodes quoted-printable text in `src[start, end)`. */
export function decodeQuotedPrintable(src: Uint8Array, start = 0, end = src.length): Uint8Array {
  const out = new Uint8Array(end - start);
  let n = 0;
  // Output length just after the last byte that was not transport whitespace, on this line.
  let keep = 0;
  for (let i = start; i < end; i++) {
    const c = src[i];
    if (c === EQ) {
      // Soft line break: "=" then optional whitespace then CRLF / LF (or the end of the body).
      let j = i + 1;
      while (j < end && (src[j] === SP || src[j] === HT)) j++;
      if (j >= end || src[j] === LF || (src[j] === CR && j + 1 < end && src[j + 1] === LF)) {
        // Whitespace before the "=" is content: only the end of an encoded line is padding.
        i = j >= end ? end : src[j] === LF ? j : j + 1;
        keep = n;
        continue;
      }
      const h = i + 2 < end ? hexValue(src[i + 1]) : -1;
      const l = h >= 0 ? hexValue(src[i + 2]) : -1;
      if (l >= 0) {
        out[n++] = (h << 4) | l;
        i += 2;
      } else {
        out[n++] = EQ;
      }
      keep = n;
    } else if (c === LF || (c === CR && i + 1 < end && src[i + 1] === LF)) {
      n = keep;
      if (c === CR) {
        out[n++] = CR;
        i++;
      }
      out[n++] = LF;
      keep = n;
    } else {
      out[n++] = c;
      if (c !== SP && c !== HT) keep = n;
    }
  }
  return out.subarray(0, keep);
}

/** The decoded body of `part`, or null when its transfer encoding is unknown. */
export function decodeBody(bytes: Uint8Array, part: Pick<MimePart, "bodyStart" | "bodyEnd" | "encoding">): Uint8Array | null {
  const end = Math.min(part.bodyEnd, bytes.length);
  const start = Math.min(part.bodyStart, end);
  switch (part.encoding.toUpperCase()) {
    case "7BIT":
    case "8BIT":
    case "BINARY":
      return bytes.subarray(start, end);
    case "BASE64":
      return decodeBase64(bytes, start, end);
    case "QUOTED-PRINTABLE":
      return decodeQuotedPrintable(bytes, start, end);
    default:
      return null;
  }
}
