/**
 * The message set argument of FETCH, STORE, SEARCH's targets, COPY, MOVE: sequence numbers or
 * UIDs (RFC 9051 9 `sequence-set`), or `$` (SEARCHRES, RFC 5182), always resolved against the
 * session's own view of the mailbox, never the store's newer one.
 *
 * @module
 */
import { bad } from "../response.ts";
import type { SelectedMailbox } from "../selected.ts";
import { parseSequenceSet, type SequenceSet } from "../sequence.ts";
import { mergedRanges } from "../uid-list.ts";

/** The UIDs the client means, ascending, each one known to this session. */
export function targetUids(box: SelectedMailbox, text: string, uid: boolean): number[] {
  const set = parseSequenceSet(text);
  if (!set) throw bad(`invalid ${uid ? "UID" : "message sequence"} set ${JSON.stringify(text.slice(0, 64))}`);
  return resolveSet(box, set, uid);
}

/** As {@link targetUids} for a parsed set. */
export function resolveSet(box: SelectedMailbox, set: SequenceSet, uid: boolean): number[] {
  if (set.saved) return (box.saved ?? []).filter((u) => box.seqOf(u) > 0);
  if (uid) return box.uids.selectUids(set);
  // Sequence numbers are dense (1..exists): work on ranges, never on a list of every number.
  const n = box.exists;
  for (const [a, b] of set.ranges) {
    if ((a !== "*" && a > n) || (b !== "*" && b > n)) throw bad(`message sequence number out of range (the mailbox has ${n} messages)`);
  }
  const out: number[] = [];
  for (const [lo, hi] of mergedRanges(set, n)) box.uids.uidsOfSeqRange(lo, hi, out);
  return out;
}
