/**
 * Telling a client what other sessions did to its selected mailbox (RFC 9051 7.5): untagged
 * EXPUNGE (or VANISHED under QRESYNC), EXISTS and FETCH FLAGS. The session calls `deliver` at the
 * end of every command (with expunges held back after FETCH, STORE and SEARCH) and at once
 * during IDLE; this is the only place sequence numbers move besides the client's own EXPUNGE,
 * CLOSE and MOVE.
 *
 * @module
 */
import { renderFlags } from "./fetch/mod.ts";
import { formatSet } from "./sequence.ts";
import type { ImapSession } from "./session.ts";
import type { SelectedMailbox } from "./selected.ts";

/** Sends pending updates of the selected mailbox, if any. */
export async function deliverUpdates(s: ImapSession, o: { expunges: boolean }): Promise<void> {
  if (s.state.kind !== "selected") return;
  const box = s.state.box;
  if (!box.hasPending) return;
  const p = box.pending;
  if (o.expunges && p.expunged.size > 0) await sendExpunges(s, box, [...p.expunged]);
  if (p.appended.size > 0) {
    const max = box.maxUid;
    const fresh = [...p.appended].filter((u) => u > max).sort((a, b) => a - b);
    p.appended.clear();
    if (fresh.length > 0) {
      for (const u of fresh) box.uids.push(u);
      await s.write(`* ${box.exists} EXISTS\r\n`);
    }
  }
  if (p.flags.size > 0) {
    const changes = [...p.flags].sort((a, b) => a[0] - b[0]);
    p.flags.clear();
    for (const [uid, f] of changes) {
      const seq = box.seqOf(uid);
      if (seq === 0) continue;
      await s.write(renderFlags(seq, f.flags, { uid, modseq: s.condstore ? f.modseq : undefined }));
    }
  }
}

/**
 * Removes `uids` from the map and tells the client: `* VANISHED uids` when QRESYNC is on, else one
 * `* n EXPUNGE` per message, highest first so each number is right when it is read.
 */
export async function sendExpunges(s: ImapSession, box: SelectedMailbox, uids: readonly number[]): Promise<void> {
  const known = uids.filter((u) => box.seqOf(u) > 0).sort((a, b) => a - b);
  const seqs = box.remove(known);
  if (seqs.length === 0) return;
  if (s.qresync) {
    await s.write(`* VANISHED ${formatSet(known)}\r\n`);
    return;
  }
  for (const seq of seqs) await s.write(`* ${seq} EXPUNGE\r\n`);
}
