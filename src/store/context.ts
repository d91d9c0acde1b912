import { inArray } from "drizzle-orm";
import type { BlobStore } from "./blobs.ts";
import type { MailChanges } from "./mail-api.ts";
import { DbBlobStore } from "./blobs-db.ts";
import { blobs } from "./schema.ts";
import type { Db, Tx, Writer } from "./writer.ts";

/** What every repository gets from openStore. */
export interface StoreContext {
  db: Db;
  writer: Writer;
  blobs: BlobStore;
  /** Where writes publish what they changed, after the commit. */
  changes: MailChanges;
}

/**
 * Deletes the blobs of deleted messages. Database blobs go in the same transaction; files can only
 * go after the commit, so the returned function must be called once the transaction has committed
 * (a crash in between leaves unreferenced files, never a message without its body).
 */
export async function dropBlobs(ctx: StoreContext, tx: Tx, ids: string[]): Promise<() => Promise<void>> {
  if (ids.length === 0) return async () => {};
  if (ctx.blobs instanceof DbBlobStore) {
    for (let i = 0; i < ids.length; i += 500) await tx.delete(blobs).where(inArray(blobs.id, ids.slice(i, i + 500)));
    return async () => {};
  }
  const store = ctx.blobs;
  return async () => {
    for (const id of ids) await store.delete(id);
  };
}
