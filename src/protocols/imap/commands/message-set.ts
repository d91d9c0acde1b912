/**
 * The message set argument of FETCH, STORE, SEARCH's targets, COPY, MOVE: sequence numbers or
 * UIDs (RFC 9051 9 `sequence-set`), or `$` (SEARCHRES, RFC 5182), always resolved against the
 * session's own view of the mailbox, never the store's newer one.
 *
 * @module
 */
import { bad } from "../response.ts";
import type { SelectedMailbox } from "../selected.ts";
import { parseSequenceSet, select, type SequenceSet } from "../sequence.ts";

/** The UIDs the client means, ascending, each one known to this session. */
export function targetUids(box: SelectedMailbox, text: string, uid: boolean): number[] {
  const set = parseSequenceSet(text);
  if (!set) throw bad(`invalid ${uid ? "UID" : "message sequence"} set ${JSON.stringify(text.slice(0, 64))}`);
  return resolveSet(box, set, uid);
}

/** As {@link targetUids} for a parsed set. */
export function resolveSet(box: SelectedMailbox, set: SequenceSet, uid: boolean): number[] {
  if (set.saved) return (box.saved ?? []).filter((u) => box.seqOf(u) > 0);
  if (uid) return select(set, box.uids, box.maxUid);
  // Sequence numbers are dense (1..exists): work on ranges instead of a list of every number.
  const n = box.exists;
  const ranges: [number, number][] = [];
  for (const [a, b] of set.ranges) {
    const x = a === "*" ? n : a;
    const y = b === "*" ? n : b;
    if (x > n || y > n) throw bad(`message sequence number out of range (the mailbox has ${n} messages)`);
    ranges.push(x <= y ? [x, y] : [y, x]);
  }
  ranges.sort((p, q) => p[0] - q[0]);
  const out: number[] = [];
  let next = 1;
  for (const [lo, hi] of ranges) {
    for (let seq = Math.max(lo, next); seq <= hi; seq++) out.push(box.uids[seq - 1]!);
    next = Math.max(next, hi + 1);
  }
  return out;
}
