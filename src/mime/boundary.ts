/**
 * Multipart delimiter lines (RFC 2046 5.1.1) against the stack of boundaries of every open
 * multipart, innermost last.
 *
 * A line is a delimiter when it starts with `--` + a boundary; what follows on the line is ignored
 * (RFC 2046 forbids the boundary as the prefix of any line in the content, so a prefix is enough;
 * transport padding and junk alike). When several boundaries match, the longest wins, and among
 * equal ones the innermost: a nested multipart whose boundary extends its parent's (`abc` inside
 * `abcdef`) or repeats it still parses. `--boundary--` is the close delimiter. This is Dovecot's
 * rule, which our tests compare with.
 *
 * @module
 */
import { MAX_PARTS } from "./limits.ts";

const LF = 10;
const DASH = 45;

export interface ScanState {
  bytes: Uint8Array;
  /** Boundaries of the open multiparts, outermost first. */
  stack: Uint8Array[];
  /** Entities created so far (MAX_PARTS). */
  parts: number;
}

/** A delimiter line: where it starts, which stack entry it belongs to (-1: none, the end of the bytes), close or not. */
export interface Delimiter {
  pos: number;
  hit: number;
  close: boolean;
}

/** The stack entry whose delimiter the line at `p` is, or null. */
export function delimiterAt(s: ScanState, p: number): Delimiter | null {
  const { bytes, stack } = s;
  if (stack.length === 0 || s.parts >= MAX_PARTS || bytes[p] !== DASH || bytes[p + 1] !== DASH) return null;
  let best = -1;
  let bestLen = -1;
  for (let i = stack.length - 1; i >= 0; i--) {
    const b = stack[i];
    if (b.length <= bestLen || p + 2 + b.length > bytes.length) continue;
    let j = 0;
    while (j < b.length && bytes[p + 2 + j] === b[j]) j++;
    if (j === b.length) {
      best = i;
      bestLen = b.length;
    }
  }
  if (best < 0) return null;
  const after = p + 2 + bestLen;
  return { pos: p, hit: best, close: bytes[after] === DASH && bytes[after + 1] === DASH };
}

/** The first delimiter line at or after `from` (which is a line start); `{ pos: end, hit: -1 }` when none. */
export function nextDelimiter(s: ScanState, from: number): Delimiter {
  const { bytes } = s;
  const none: Delimiter = { pos: bytes.length, hit: -1, close: false };
  if (s.stack.length === 0 || s.parts >= MAX_PARTS) return none;
  // Jump from dash to dash: base64 and most text have few, so long bodies are skipped natively.
  for (let q = from; ; q++) {
    q = bytes.indexOf(DASH, q);
    if (q < 0) return none;
    if ((q === from || bytes[q - 1] === LF) && bytes[q + 1] === DASH) {
      const d = delimiterAt(s, q);
      if (d) return d;
    }
  }
}
