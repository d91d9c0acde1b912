/**
 * COPY and MOVE between mailboxes of one account (RFC 3501 6.4.7, RFC 6851). Everything happens
 * in one write; the destination gets fresh UIDs in source UID order and one new modseq, the
 * source (MOVE) tombstones and one new modseq.
 *
 * @module
 */
import { asc, eq, sql, type SQL } from "drizzle-orm";
import { DbBlobStore } from "./blobs-db.ts";
import { newBlobId } from "./blobs.ts";
import { boxHead, bumpModseq, type BoxHead } from "./box-head.ts";
import type { StoreContext } from "./context.ts";
import { StoreError } from "./errors.ts";
import { existing, writeTombstones, type Doomed } from "./expunge.ts";
import type { CopyResult } from "./mail-api.ts";
import { chargeBytes } from "./quota.ts";
import { mailboxes, messages } from "./schema.ts";
import { pages } from "./uid-set.ts";
import { afterCommit, type Tx } from "./writer.ts";

/** Copies of file bodies made before the write: source blob id → new blob id. */
export type StagedCopies = Map<string, string>;

// Rows per statement of the mapping VALUES lists (3 parameters each).
const ROWS_PER_STATEMENT = 300;
// File bodies copied at once while staging.
const STAGING_CONCURRENCY = 8;

/**
 * Copies the bodies of the given messages into new files before the write, so the write never
 * waits on file I/O (same reason as stageBlob). Database bodies need nothing: they are copied by
 * SQL inside the write. Messages expunged meanwhile are simply absent later; their copies are
 * removed by `discardUnused`.
 */
export async function stageCopies(ctx: StoreContext, fromMailboxId: number, sorted: readonly number[]): Promise<StagedCopies | null> {
  if (ctx.blobs instanceof DbBlobStore) return null;
  const blobs = ctx.blobs;
  const staged: StagedCopies = new Map();
  const ids: string[] = [];
  const read = (where: SQL, limit: number) => ctx.db.select({ uid: messages.uid, blobId: messages.blobId }).from(messages)
    .where(where).orderBy(asc(messages.uid)).limit(limit);
  for await (const r of pages(fromMailboxId, sorted, read)) ids.push(r.blobId);
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++];
      const bytes = await blobs.get(id);
      if (bytes) staged.set(id, await blobs.put(bytes));
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(STAGING_CONCURRENCY, ids.length) }, worker));
  } catch (e) {
    await discardUnused(ctx, staged, new Set());
    throw e;
  }
  return staged;
}

/** Removes staged copies no row points at (the write failed, or their source vanished). */
export async function discardUnused(ctx: StoreContext, staged: StagedCopies | null, used: ReadonlySet<string>): Promise<void> {
  if (!staged) return;
  for (const id of staged.values()) if (!used.has(id)) await ctx.blobs.delete(id).catch(() => {});
}

/** What a transfer did, for the caller and its events. */
export interface Transferred extends CopyResult {
  /** The source's modseq after a move (unchanged when nothing moved). */
  expungeModseq: number;
  /** Blob ids of staged copies now in use. */
  used: Set<string>;
}

/**
 * Copies (move=false) or moves the messages `sorted` (ascending) from one mailbox to another of
 * the same account, inside a write, and registers the change events. StoreError "not_found" for a
 * missing mailbox, "invalid" across accounts, "over_quota" (copy only: a move changes no usage).
 */
export async function transferIn(ctx: StoreContext, tx: Tx, fromId: number, sorted: readonly number[], toId: number, o: { move: boolean; staged: StagedCopies | null }): Promise<Transferred> {
  const src = await boxHead(tx, fromId);
  const dst = await boxHead(tx, toId);
  if (src.accountId !== dst.accountId) throw new StoreError("invalid", `mailboxes ${fromId} and ${toId} belong to different accounts`);
  const rows = await existing(tx, fromId, sorted);
  const used = new Set<string>();
  if (rows.length === 0) return { uidValidity: dst.uidValidity, map: [], expungeModseq: src.highestModseq, used };

  // The source's modseq first, so a move within one mailbox gets two ordered modseqs.
  let expungeModseq = src.highestModseq;
  if (o.move) {
    expungeModseq = await bumpModseq(tx, fromId);
    await writeTombstones(tx, fromId, rows.map((r) => r.uid), expungeModseq);
  } else {
    await chargeBytes(tx, src.accountId, rows.reduce((n, r) => n + r.size, 0));
  }
  const first = await allocate(tx, dst, rows.length);
  const map = rows.map((r, i) => ({ from: r.uid, to: first.uid + i }));
  const modseq = first.modseq;

  if (o.move) await moveRows(tx, src, toId, rows, first.uid, modseq);
  else await copyRows(ctx, tx, src, toId, rows, first.uid, modseq, o.staged, used);

  const accountId = src.accountId;
  const movedUids = rows.map((r) => r.uid);
  afterCommit(tx, () => {
    ctx.changes.publish({ kind: "append", accountId, mailboxId: toId, uids: map.map((m) => m.to), modseq });
    if (o.move) ctx.changes.publish({ kind: "expunge", accountId, mailboxId: fromId, uids: movedUids, modseq: expungeModseq });
  });
  return { uidValidity: dst.uidValidity, map, expungeModseq, used };
}

// Reserves `n` UIDs and the next modseq of the destination.
async function allocate(tx: Tx, dst: BoxHead, n: number): Promise<{ uid: number; modseq: number }> {
  const [row] = await tx.update(mailboxes)
    .set({ uidNext: sql`${mailboxes.uidNext} + ${n}`, highestModseq: sql`${mailboxes.highestModseq} + 1` })
    .where(eq(mailboxes.id, dst.id)).returning({ uidNext: mailboxes.uidNext, modseq: mailboxes.highestModseq });
  if (row.uidNext - 1 > 4294967295) throw new StoreError("invalid", `mailbox ${dst.id} has run out of UIDs`);
  return { uid: row.uidNext - n, modseq: row.modseq };
}

// A move re-labels the rows: same body, same id, new mailbox/UID/modseq. The body is not shared
// with anything, so no copy is needed, and usage is unchanged.
async function moveRows(tx: Tx, src: BoxHead, toId: number, rows: Doomed[], firstUid: number, modseq: number): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const slice = rows.slice(i, i + ROWS_PER_STATEMENT);
    const values = sql.join(slice.map((r, k) => sql`(${r.uid}, ${firstUid + i + k})`), sql`, `);
    await tx.run(sql`WITH map(old_uid, new_uid) AS (VALUES ${values})
      UPDATE messages SET mailbox_id = ${toId}, uid = map.new_uid, modseq = ${modseq}
      FROM map WHERE messages.mailbox_id = ${src.id} AND messages.uid = map.old_uid`);
  }
}

// A copy inserts new rows from the old ones inside SQLite (flags, date, size and summary never
// pass through JS), each with a body of its own: copied by SQL for database bodies, staged
// before the write for files.
async function copyRows(ctx: StoreContext, tx: Tx, src: BoxHead, toId: number, rows: Doomed[], firstUid: number, modseq: number, staged: StagedCopies | null, used: Set<string>): Promise<void> {
  const inDb = ctx.blobs instanceof DbBlobStore;
  const now = Date.now();
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const slice = rows.slice(i, i + ROWS_PER_STATEMENT);
    const blobIds = slice.map((r) => {
      if (inDb) return newBlobId();
      const id = staged?.get(r.blobId);
      if (!id) throw new Error(`message ${src.id}/${r.uid}: its body ${r.blobId} could not be read for the copy`);
      used.add(id);
      return id;
    });
    const values = sql.join(slice.map((r, k) => sql`(${r.uid}, ${firstUid + i + k}, ${blobIds[k]}, ${r.blobId})`), sql`, `);
    if (inDb) {
      const copied = await tx.run(sql`WITH map(old_uid, new_uid, new_blob, old_blob) AS (VALUES ${values})
        INSERT INTO blobs (id, data, size, created_at) SELECT map.new_blob, b.data, b.size, ${now} FROM map JOIN blobs b ON b.id = map.old_blob`);
      if (copied.rowsAffected !== slice.length) throw new Error(`mailbox ${src.id}: ${slice.length - copied.rowsAffected} message bodies are missing from the blob store`);
    }
    await tx.run(sql`WITH map(old_uid, new_uid, new_blob, old_blob) AS (VALUES ${values})
      INSERT INTO messages (mailbox_id, uid, modseq, flags, internal_date, size, blob_id, summary)
      SELECT ${toId}, map.new_uid, ${modseq}, m.flags, m.internal_date, m.size, map.new_blob, m.summary
      FROM map JOIN messages m ON m.mailbox_id = ${src.id} AND m.uid = map.old_uid`);
  }
}
