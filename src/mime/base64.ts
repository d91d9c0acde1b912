/**
 * Lenient base64 decoding (RFC 2045 6.8): characters outside the alphabet (line breaks, spaces,
 * junk) are skipped, and `=` ends the current 4-character group, so bodies that concatenate
 * separately padded blocks decode the way their sender meant. Never throws.
 *
 * @module
 */

const VALUE = new Int8Array(256).fill(-1);
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
for (let i = 0; i < 64; i++) VALUE[ALPHABET.charCodeAt(i)] = i;
const PAD = 61;

/** Decodes the base64 text in `src[start, end)`. */
export function decodeBase64(src: Uint8Array, start = 0, end = src.length): Uint8Array {
  const out = new Uint8Array(Math.ceil(((end - start) * 3) / 4));
  let n = 0;
  let acc = 0;
  let bits = 0;
  for (let i = start; i < end; i++) {
    const c = src[i];
    const v = VALUE[c];
    if (v >= 0) {
      acc = (acc << 6) | v;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out[n++] = (acc >> bits) & 0xff;
        acc &= (1 << bits) - 1;
      }
    } else if (c === PAD) {
      // The group is over: its leftover bits are padding, the next character starts a new group.
      acc = 0;
      bits = 0;
    }
  }
  return out.subarray(0, n);
}

/** Decodes base64 held in a string (an encoded word); chars above 0xFF are junk and skipped. */
export function decodeBase64String(s: string): Uint8Array {
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    bytes[i] = c > 0xff ? 0x20 : c;
  }
  return decodeBase64(bytes);
}
