import { and, eq, sql } from "drizzle-orm";
import { StoreError } from "./errors.ts";
import { accounts } from "./schema.ts";
import type { Tx } from "./writer.ts";

/** Gives bytes of removed messages back to the account. */
export async function releaseBytes(tx: Tx, accountId: number, bytes: number): Promise<void> {
  if (bytes === 0) return;
  await tx.update(accounts).set({ usedBytes: sql`max(0, ${accounts.usedBytes} - ${bytes})` }).where(eq(accounts.id, accountId));
}

/** Charges bytes to the account within its quota; StoreError "over_quota" otherwise. */
export async function chargeBytes(tx: Tx, accountId: number, bytes: number): Promise<void> {
  const [charged] = await tx.update(accounts)
    .set({ usedBytes: sql`${accounts.usedBytes} + ${bytes}` })
    .where(and(eq(accounts.id, accountId), sql`(${accounts.quotaBytes} = 0 OR ${accounts.usedBytes} + ${bytes} <= ${accounts.quotaBytes})`))
    .returning({ id: accounts.id });
  if (!charged) throw new StoreError("over_quota", `account ${accountId} is over its quota`);
}
