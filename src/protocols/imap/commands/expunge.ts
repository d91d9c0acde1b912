import { Args } from "../args.ts";
import { bad, no } from "../response.ts";
import type { SelectedMailbox } from "../selected.ts";
import { inSet, parseSequenceSet, type SequenceSet } from "../sequence.ts";
import type { ImapSession } from "../session.ts";
import { SELECTED } from "../state.ts";
import { sendExpunges } from "../updates.ts";
import { storeRefusal } from "./mailbox.ts";
import type { ImapCommandSpec } from "./types.ts";

/**
 * EXPUNGE and UID EXPUNGE set (RFC 9051 6.4.3, 6.4.9): removes the messages marked \Deleted (of
 * the set) that this client knows, and reports each one (EXPUNGE, or VANISHED under QRESYNC).
 */
export const EXPUNGE: ImapCommandSpec = {
  name: "EXPUNGE",
  states: SELECTED,
  uid: true,
  async run(s, cmd) {
    const a = new Args(cmd.args, cmd.uid ? "UID EXPUNGE" : "EXPUNGE");
    let set: SequenceSet | null = null;
    if (cmd.uid) {
      const text = a.atom("UID set");
      set = parseSequenceSet(text);
      if (!set) throw bad("UID EXPUNGE: invalid UID set");
    }
    a.end();
    if (s.state.kind !== "selected") return;
    const box = s.state.box;
    if (box.readOnly) throw no("mailbox is read-only", { code: "READ-ONLY" });
    const modseq = await expungeDeleted(s, box, set);
    if (s.condstore && modseq > 0) return { code: `HIGHESTMODSEQ ${modseq}`, text: `${cmd.uid ? "UID " : ""}EXPUNGE completed` };
  },
};

/**
 * Expunges what is marked \Deleted (and in `set` when given, a UID set), tells the client when
 * `report`, and returns the new HIGHESTMODSEQ (0 when nothing was removed).
 */
export async function expungeDeleted(s: ImapSession, box: SelectedMailbox, set: SequenceSet | null, report = true): Promise<number> {
  if (set?.saved) set = { ranges: (box.saved ?? []).map((u) => [u, u] as [number, number]) };
  const doomed: number[] = [];
  // UID EXPUNGE names its messages: read only those rows.
  const filter = set ? { uids: box.uids.selectUids(set) } : {};
  if (filter.uids?.length === 0) return 0;
  for await (const m of s.store.messages.scan(box.id, filter)) {
    if (!m.flags.includes("\\Deleted") || box.seqOf(m.uid) === 0) continue;
    if (set && !inSet(set, m.uid, box.maxUid)) continue;
    doomed.push(m.uid);
  }
  if (doomed.length === 0) return 0;
  const r = await s.store.messages.expunge(box.id, doomed).catch(storeRefusal);
  if (report) await sendExpunges(s, box, r.uids);
  else box.remove(r.uids);
  s.log("info", `expunged ${r.uids.length} messages from ${JSON.stringify(box.name)}`);
  return r.modseq;
}
