import { asc, sql, type SQL } from "drizzle-orm";
import { boxHead, bumpModseq } from "./box-head.ts";
import type { StoreContext } from "./context.ts";
import { applyFlags } from "./flags.ts";
import type { FlagUpdate } from "./mail-api.ts";
import { messages } from "./schema.ts";
import { inMailbox, pages, uidChunks } from "./uid-set.ts";
import { afterCommit, type Tx } from "./writer.ts";

/**
 * STORE inside a write. Messages are grouped by their current flags text: most of a mailbox shares
 * a handful of flag sets, so the new set is computed once per group and written with one UPDATE
 * per UID range, not one per message ("STORE 1:* +FLAGS (\Seen)" on 100,000 messages is a few
 * statements). `uids` ascending and flags normalized by the caller.
 */
export async function setFlagsIn(ctx: StoreContext, tx: Tx, mailboxId: number, uids: readonly number[], op: "add" | "remove" | "replace", flags: readonly string[], unchangedSince: number | undefined): Promise<FlagUpdate> {
  const box = await boxHead(tx, mailboxId);
  const modified: number[] = [];
  const groups = new Map<string, { next: string[] | null; uids: number[] }>();
  const read = (where: SQL, limit: number) => tx.select({ uid: messages.uid, modseq: messages.modseq, flags: sql<string>`${messages.flags}` })
    .from(messages).where(where).orderBy(asc(messages.uid)).limit(limit);
  for await (const r of pages(mailboxId, uids, read)) {
    // RFC 7162 3.1.3: a message changed since the client's modseq is left alone and reported.
    if (unchangedSince !== undefined && r.modseq > unchangedSince) {
      modified.push(r.uid);
      continue;
    }
    let g = groups.get(r.flags);
    if (!g) groups.set(r.flags, g = { next: applyFlags(JSON.parse(r.flags) as string[], op, flags), uids: [] });
    if (g.next) g.uids.push(r.uid);
  }
  const changing = [...groups.values()].filter((g) => g.next && g.uids.length > 0);
  if (changing.length === 0) return { changed: [], modified, highestModseq: box.highestModseq };

  const modseq = await bumpModseq(tx, mailboxId);
  const changed: FlagUpdate["changed"] = [];
  for (const g of changing) {
    // One array per group, shared by its messages (and the event): frozen so no reader can alter another's.
    Object.freeze(g.next);
    for (const chunk of uidChunks(g.uids)) await tx.update(messages).set({ flags: g.next!, modseq }).where(inMailbox(mailboxId, chunk));
    for (const uid of g.uids) changed.push({ uid, flags: g.next!, modseq });
  }
  changed.sort((a, b) => a.uid - b.uid);
  const accountId = box.accountId;
  afterCommit(tx, () => ctx.changes.publish({ kind: "flags", accountId, mailboxId, changed, modseq }));
  return { changed, modified, highestModseq: modseq };
}
