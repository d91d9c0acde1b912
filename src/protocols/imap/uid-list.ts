/**
 * The sequence-number map of a selected mailbox: message n is the n-th smallest UID. Held as runs
 * of consecutive UIDs rather than one number per message, since UIDs are handed out in order and
 * most mailboxes have few gaps: 100,000 messages with a handful of expunges are a few runs, not
 * 100,000 numbers, which is most of what an idle session with a big INBOX costs.
 *
 * @module
 */
import type { SequenceSet } from "./sequence.ts";

export class UidList {
  /** Run i holds UIDs starts[i]..ends[i]; runs ascending, never adjacent. */
  #starts: number[] = [];
  #ends: number[] = [];
  /** How many UIDs come before run i (prefix sums), for seq ↔ UID lookups. */
  #before: number[] = [];
  #length = 0;

  /** From an ascending list of UIDs (duplicates ignored). */
  constructor(sorted: Iterable<number> = []) {
    for (const u of sorted) if (u > this.max) this.push(u);
  }

  /** Number of messages. */
  get length(): number {
    return this.#length;
  }

  /** Number of runs (for tests and memory estimates). */
  get runs(): number {
    return this.#starts.length;
  }

  /** The largest UID, 0 when empty. */
  get max(): number {
    const n = this.#ends.length;
    return n ? this.#ends[n - 1]! : 0;
  }

  /** Adds a UID larger than every one held (a new message). */
  push(uid: number): void {
    if (uid <= this.max) throw new RangeError(`UidList.push: ${uid} is not above ${this.max}`);
    const n = this.#ends.length;
    if (n && this.#ends[n - 1] === uid - 1) this.#ends[n - 1] = uid;
    else {
      this.#starts.push(uid);
      this.#ends.push(uid);
      this.#before.push(this.#length);
    }
    this.#length++;
  }

  /** The UID of message `seq` (1-based); throws outside 1..length. */
  at(seq: number): number {
    if (seq < 1 || seq > this.#length) throw new RangeError(`no message ${seq}`);
    const b = this.#before;
    let lo = 0, hi = b.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (b[mid]! < seq) lo = mid;
      else hi = mid - 1;
    }
    return this.#starts[lo]! + (seq - 1 - b[lo]!);
  }

  /** The sequence number of `uid`, 0 when it is not held. */
  seqOf(uid: number): number {
    const i = this.#runOf(uid);
    return i < 0 ? 0 : this.#before[i]! + (uid - this.#starts[i]!) + 1;
  }

  /** Index of the run holding `uid`, or -1. */
  #runOf(uid: number): number {
    const s = this.#starts;
    let lo = 0, hi = s.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (s[mid]! > uid) hi = mid - 1;
      else if (this.#ends[mid]! < uid) lo = mid + 1;
      else return mid;
    }
    return -1;
  }

  /**
   * Removes the UIDs held among `uids`; returns their sequence numbers highest first, each one
   * right at the moment its EXPUNGE is read (the order in which they are reported).
   */
  remove(uids: Iterable<number>): number[] {
    const gone = [...new Set(uids)].filter((u) => this.#runOf(u) >= 0).sort((a, b) => a - b);
    if (gone.length === 0) return [];
    const seqs = gone.map((u) => this.seqOf(u)).reverse();
    const starts: number[] = [], ends: number[] = [], before: number[] = [];
    let k = 0;
    let count = 0;
    const add = (a: number, b: number) => {
      if (a > b) return;
      starts.push(a);
      ends.push(b);
      before.push(count);
      count += b - a + 1;
    };
    for (let i = 0; i < this.#starts.length; i++) {
      let a = this.#starts[i]!;
      const b = this.#ends[i]!;
      while (k < gone.length && gone[k]! <= b) {
        add(a, gone[k]! - 1);
        a = gone[k]! + 1;
        k++;
      }
      add(a, b);
    }
    this.#starts = starts;
    this.#ends = ends;
    this.#before = before;
    this.#length = count;
    return seqs;
  }

  /** Every UID, ascending. */
  *[Symbol.iterator](): IterableIterator<number> {
    for (let i = 0; i < this.#starts.length; i++) for (let u = this.#starts[i]!; u <= this.#ends[i]!; u++) yield u;
  }

  /** The UIDs in `set` read as UIDs (`*` is the largest UID), ascending. */
  selectUids(set: SequenceSet): number[] {
    const out: number[] = [];
    for (const [lo, hi] of mergedRanges(set, this.max)) {
      // First run that ends at or after lo.
      let a = 0, b = this.#ends.length;
      while (a < b) {
        const m = (a + b) >> 1;
        if (this.#ends[m]! < lo) a = m + 1;
        else b = m;
      }
      for (let i = a; i < this.#starts.length && this.#starts[i]! <= hi; i++) {
        for (let u = Math.max(lo, this.#starts[i]!), end = Math.min(hi, this.#ends[i]!); u <= end; u++) out.push(u);
      }
    }
    return out;
  }

  /** The UIDs of the messages whose sequence numbers are in `[lo, hi]` (1-based, clamped). */
  uidsOfSeqRange(lo: number, hi: number, out: number[]): void {
    if (lo < 1) lo = 1;
    if (hi > this.#length) hi = this.#length;
    if (lo > hi) return;
    let u = this.at(lo);
    let i = this.#runOf(u);
    for (let seq = lo; seq <= hi; seq++) {
      out.push(u);
      if (u === this.#ends[i]) u = this.#starts[++i] ?? 0;
      else u++;
    }
  }
}

/** The ranges of `set` with `*` = max, each low → high, sorted and merged. */
export function mergedRanges(set: SequenceSet, max: number): [number, number][] {
  const r: [number, number][] = set.ranges.map(([a, b]) => {
    const x = a === "*" ? max : a;
    const y = b === "*" ? max : b;
    return x <= y ? [x, y] : [y, x];
  });
  r.sort((p, q) => p[0] - q[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of r) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}
