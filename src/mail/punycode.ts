/**
 * RFC 3492 Punycode decoding, used to check that an `xn--` label in an address is a real A-label.
 * Encoding is left to `node:url`'s `domainToASCII` (UTS #46 mapping + Punycode), which Node, Deno
 * and Bun all provide; decoding is ours because the runtimes disagree on malformed A-labels (Node
 * passes `xn--invalid--` through, Deno and Bun reject it), and a security check must not depend on
 * which runtime runs it.
 *
 * @module
 */

const BASE = 36;
const TMIN = 1;
const TMAX = 26;
const SKEW = 38;
const DAMP = 700;
const MAX_CODE_POINT = 0x10ffff;

function adapt(delta: number, points: number, first: boolean): number {
  delta = first ? Math.floor(delta / DAMP) : delta >> 1;
  delta += Math.floor(delta / points);
  let k = 0;
  while (delta > ((BASE - TMIN) * TMAX) >> 1) {
    delta = Math.floor(delta / (BASE - TMIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - TMIN + 1) * delta) / (delta + SKEW));
}

function digit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 22; // 0-9 -> 26-35
  if (c >= 0x41 && c <= 0x5a) return c - 0x41; // A-Z
  if (c >= 0x61 && c <= 0x7a) return c - 0x61; // a-z
  return BASE;
}

/**
 * Decodes a Punycode string (the part after `xn--`) to Unicode, or returns null when it is not
 * valid Punycode (bad digit, overflow, truncated, a code point beyond U+10FFFF or a surrogate).
 */
export function punycodeDecode(input: string): string | null {
  const out: number[] = [];
  const delim = input.lastIndexOf("-");
  for (let j = 0; j < Math.max(delim, 0); j++) {
    const c = input.charCodeAt(j);
    if (c >= 0x80) return null;
    out.push(c);
  }
  let n = 0x80;
  let i = 0;
  let bias = 72;
  for (let pos = delim > 0 ? delim + 1 : 0; pos < input.length;) {
    const oldi = i;
    let w = 1;
    for (let k = BASE; ; k += BASE) {
      if (pos >= input.length) return null;
      const d = digit(input.charCodeAt(pos++));
      if (d >= BASE) return null;
      i += d * w;
      if (i > MAX_CODE_POINT * (out.length + 1) * 2) return null;
      const t = k <= bias ? TMIN : k >= bias + TMAX ? TMAX : k - bias;
      if (d < t) break;
      w *= BASE - t;
    }
    bias = adapt(i - oldi, out.length + 1, oldi === 0);
    n += Math.floor(i / (out.length + 1));
    i %= out.length + 1;
    if (n > MAX_CODE_POINT || (n >= 0xd800 && n <= 0xdfff)) return null;
    out.splice(i++, 0, n);
  }
  return String.fromCodePoint(...out);
}
