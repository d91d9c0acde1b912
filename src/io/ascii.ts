/**
 * Small byte/ASCII helpers for protocol parsers: compare command words without decoding,
 * and turn one short command line into a string when a parser really needs one.
 */

export const CR = 13;
export const LF = 10;
export const SP = 32;
export const DOT = 46;

/**
 * True when `bytes[offset..]` begins with `word`, ASCII letters compared case-insensitively.
 * `word` must be ASCII; non-letters must match exactly.
 */
export function startsWithIgnoreCase(bytes: Uint8Array, word: string, offset = 0): boolean {
  const n = word.length;
  if (offset < 0 || bytes.length - offset < n) return false;
  for (let i = 0; i < n; i++) {
    const b = bytes[offset + i];
    const c = word.charCodeAt(i);
    if (b === c) continue;
    // Setting bit 0x20 folds A-Z onto a-z; only valid when the folded char is a letter.
    const lc = c | 0x20;
    if (lc < 97 || lc > 122 || (b | 0x20) !== lc) return false;
  }
  return true;
}

/** True when `bytes` is exactly `word`, ASCII letters compared case-insensitively. */
export function equalsIgnoreCase(bytes: Uint8Array, word: string): boolean {
  return bytes.length === word.length && startsWithIgnoreCase(bytes, word, 0);
}

/**
 * True when `line` starts with the command `word` (case-insensitive) followed by the end of the
 * line or a space: `isCommand(line, "EHLO")` accepts `ehlo x` and `EHLO`, not `EHLOX`.
 */
export function isCommand(line: Uint8Array, word: string): boolean {
  if (!startsWithIgnoreCase(line, word, 0)) return false;
  return line.length === word.length || line[word.length] === SP;
}

/** True when every byte is below 0x80. */
export function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] > 0x7f) return false;
  return true;
}

/**
 * Bytes to a string, one char per byte (ISO-8859-1). Lossless and never throws, so a parser can
 * work on strings and get the exact bytes back with `encodeLatin1`. Not TextDecoder("latin1"):
 * WHATWG maps that label to windows-1252, which changes 0x80-0x9F.
 */
export function latin1(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let s = "";
  // Chunked so fromCharCode's argument count stays far below engine limits.
  for (let i = start; i < end; i += 8192) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, Math.min(end, i + 8192)) as unknown as number[]);
  }
  return s;
}

/** A string of chars <= 0xFF to bytes, one byte per char; throws RangeError on anything wider. */
export function encodeLatin1(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff) throw new RangeError(`char U+${c.toString(16)} at ${i} is not latin1`);
    out[i] = c;
  }
  return out;
}

const utf8Lenient = new TextDecoder("utf-8");
const utf8Strict = new TextDecoder("utf-8", { fatal: true });
const utf8Encoder = new TextEncoder();

/** UTF-8 bytes to a string, invalid sequences replaced with U+FFFD. */
export function utf8(bytes: Uint8Array): string {
  return utf8Lenient.decode(bytes);
}

/** UTF-8 bytes to a string, or null when they are not valid UTF-8 (e.g. SMTPUTF8 checks). */
export function utf8Strictly(bytes: Uint8Array): string | null {
  try {
    return utf8Strict.decode(bytes);
  } catch {
    return null;
  }
}

/** A string to UTF-8 bytes. */
export function encodeUtf8(s: string): Uint8Array {
  return utf8Encoder.encode(s);
}

/**
 * The unsigned decimal in `bytes[start..end)` (e.g. an IMAP literal size), or -1 when the range
 * is empty, holds a non-digit, or exceeds Number.MAX_SAFE_INTEGER. Leading zeros are accepted.
 */
export function parseDecimal(bytes: Uint8Array, start = 0, end = bytes.length): number {
  if (end <= start) return -1;
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = bytes[i] - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
    if (n > Number.MAX_SAFE_INTEGER) return -1;
  }
  return n;
}
