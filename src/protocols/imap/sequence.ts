/**
 * IMAP sequence sets (RFC 9051 9 `sequence-set`, RFC 5182 `$`): parsing, membership, selection
 * from a mailbox's numbers, and the compact form used in responses (COPYUID, ESEARCH, VANISHED).
 *
 * The same functions serve message sequence numbers and UIDs: the caller passes the numbers in use
 * and `max`, the value `*` stands for. A range is unordered (`4:2` = `2:4`), and `*` is resolved
 * against `max` before the range is ordered, so `UID FETCH 100:*` with a largest UID of 50 names
 * UID 50 (RFC 9051 6.4.9): clients rely on that to ask "anything new since 100".
 *
 * @module
 */

/** One end of a range: a number (1 … 2^32-1) or `*`. */
export type SeqNum = number | "*";

/**
 * A parsed sequence set. `saved: true` is the SEARCHRES `$` (RFC 5182), which has no ranges of its
 * own: resolve it with {@link savedSet} to the numbers the session saved before testing membership.
 */
export interface SequenceSet {
  ranges: [SeqNum, SeqNum][];
  saved?: boolean;
}

/** nz-number / number upper bound (RFC 9051 9: `number` is an unsigned 32-bit integer). */
export const MAX_NUMBER = 4294967295;

/**
 * Parses `1:3,5,7:*`, `*`, `$`. Returns null on any syntax error: empty items, `0`, leading zeros,
 * numbers above 2^32-1, spaces, a `$` mixed with other items (RFC 5182 allows it only alone).
 */
export function parseSequenceSet(text: string): SequenceSet | null {
  if (text === "$") return { ranges: [], saved: true };
  const ranges: [SeqNum, SeqNum][] = [];
  const n = text.length;
  let i = 0;
  if (n === 0) return null;
  while (true) {
    const a = readSeqNum(text, i);
    if (!a) return null;
    i = a.end;
    let b = a;
    if (i < n && text.charCodeAt(i) === 0x3a /* : */) {
      const r = readSeqNum(text, i + 1);
      if (!r) return null;
      b = r;
      i = r.end;
    }
    ranges.push([a.value, b.value]);
    if (i === n) return { ranges };
    if (text.charCodeAt(i) !== 0x2c /* , */) return null;
    i++;
  }
}

/** Reads `*` or an nz-number at `i`; null when there is none or it is out of range. */
function readSeqNum(text: string, i: number): { value: SeqNum; end: number } | null {
  if (i >= text.length) return null;
  const c = text.charCodeAt(i);
  if (c === 0x2a /* * */) return { value: "*", end: i + 1 };
  // nz-number = digit-nz *DIGIT: no 0, no leading zeros.
  if (c < 0x31 || c > 0x39) return null;
  let v = 0;
  let j = i;
  while (j < text.length) {
    const d = text.charCodeAt(j) - 0x30;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
    if (v > MAX_NUMBER) return null;
    j++;
  }
  return { value: v, end: j };
}

/** The set holding exactly `numbers` (e.g. the SEARCHRES saved UIDs standing for `$`). */
export function savedSet(numbers: readonly number[]): SequenceSet {
  const sorted = [...numbers].sort((a, b) => a - b);
  return { ranges: runs(sorted) };
}

/** The ranges of `set` with `*` resolved, each ordered low → high. */
function resolved(set: SequenceSet, max: number): [number, number][] {
  const out: [number, number][] = [];
  for (const [a, b] of set.ranges) {
    const x = a === "*" ? max : a;
    const y = b === "*" ? max : b;
    out.push(x <= y ? [x, y] : [y, x]);
  }
  return out;
}

/**
 * True when n (a seq number or UID) is in the set, with `*` meaning `max` (RFC 9051: "*" is the
 * largest number in use; for an empty mailbox max = 0). A `saved` set must be resolved first
 * ({@link savedSet}); unresolved it contains nothing.
 */
export function inSet(set: SequenceSet, n: number, max: number): boolean {
  for (const [a, b] of set.ranges) {
    const x = a === "*" ? max : a;
    const y = b === "*" ? max : b;
    if (x <= y ? n >= x && n <= y : n >= y && n <= x) return true;
  }
  return false;
}

/**
 * The members of the set that are in `sorted` (ascending UIDs or 1..n), ascending, without
 * duplicates. Cost is O(r log r + r log m + k) for r ranges, m numbers and k results, so `1:*` on
 * a large mailbox or a long list of single UIDs from a client stays cheap.
 */
export function select(set: SequenceSet, sorted: readonly number[], max: number): number[] {
  const merged = merge(resolved(set, max));
  const out: number[] = [];
  let from = 0;
  for (const [lo, hi] of merged) {
    // Ranges are disjoint and ascending, so each search starts where the previous one ended.
    let i = lowerBound(sorted, lo, from);
    while (i < sorted.length && sorted[i] <= hi) out.push(sorted[i++]);
    from = i;
    if (from >= sorted.length) break;
  }
  return out;
}

/** Sorts ranges and joins overlapping or adjacent ones. */
function merge(ranges: [number, number][]): [number, number][] {
  if (ranges.length <= 1) return ranges;
  ranges.sort((p, q) => p[0] - q[0]);
  const out: [number, number][] = [ranges[0]];
  for (let k = 1; k < ranges.length; k++) {
    const last = out[out.length - 1];
    const [lo, hi] = ranges[k];
    if (lo <= last[1] + 1) {
      if (hi > last[1]) last[1] = hi;
    } else out.push([lo, hi]);
  }
  return out;
}

/** First index ≥ `from` whose value is ≥ `v`. */
function lowerBound(sorted: readonly number[], v: number, from: number): number {
  let lo = from;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Runs of consecutive numbers in an ascending list (duplicates tolerated). */
function runs(sorted: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const n of sorted) {
    const last = out[out.length - 1];
    if (last && n <= last[1] + 1) {
      if (n > last[1]) last[1] = n;
    } else out.push([n, n]);
  }
  return out;
}

/** Compact form for responses: [1,2,3,5] → "1:3,5"; [] → "". Duplicates are tolerated. */
export function formatSet(sortedAscending: readonly number[]): string {
  let s = "";
  for (const [lo, hi] of runs(sortedAscending)) {
    if (s) s += ",";
    s += lo === hi ? String(lo) : `${lo}:${hi}`;
  }
  return s;
}
