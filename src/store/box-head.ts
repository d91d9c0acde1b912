import { eq, sql } from "drizzle-orm";
import { StoreError } from "./errors.ts";
import { mailboxes } from "./schema.ts";
import type { Tx } from "./writer.ts";

/** The columns of a mailbox a write locks in on (read inside the write). */
export interface BoxHead {
  id: number;
  accountId: number;
  uidValidity: number;
  uidNext: number;
  highestModseq: number;
}

/** The mailbox as the write sees it; StoreError "not_found" when it is gone. */
export async function boxHead(tx: Tx, mailboxId: number): Promise<BoxHead> {
  const [box] = await tx.select({
    id: mailboxes.id, accountId: mailboxes.accountId, uidValidity: mailboxes.uidValidity, uidNext: mailboxes.uidNext, highestModseq: mailboxes.highestModseq,
  }).from(mailboxes).where(eq(mailboxes.id, mailboxId));
  if (!box) throw new StoreError("not_found", `mailbox ${mailboxId} not found`);
  return box;
}

/** Gives the mailbox its next modseq (one per write) and returns it. */
export async function bumpModseq(tx: Tx, mailboxId: number): Promise<number> {
  const [row] = await tx.update(mailboxes).set({ highestModseq: sql`${mailboxes.highestModseq} + 1` })
    .where(eq(mailboxes.id, mailboxId)).returning({ modseq: mailboxes.highestModseq });
  return row.modseq;
}
