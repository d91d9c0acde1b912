import { and, asc, eq, inArray, lte } from "drizzle-orm";
import { dropBlobs, type StoreContext } from "./context.ts";
import { StoreError } from "./errors.ts";
import { parseAddress } from "./names.ts";
import { queue, type QueueDsn, type QueueStatus } from "./schema.ts";
import { stageBlob, type StagedBlob } from "./staged-blob.ts";
import type { Tx } from "./writer.ts";

export type { QueueDsn, QueueStatus };

/** One outbound message awaiting (or done with) delivery. */
export interface QueueEntry {
  id: number;
  /** "" for the null reverse-path of a bounce. */
  sender: string;
  recipients: string[];
  blobId: string;
  attempts: number;
  nextAttemptAt: Date;
  status: QueueStatus;
  lastError: string | null;
  createdAt: Date;
  /** DSN and envelope parameters given at SMTP time; null for entries made without them. */
  dsn: QueueDsn | null;
}

// Normalised sender and recipients; StoreError "invalid" for a bad address or no recipient.
function checkEntry(o: { sender: string; recipients: string[] }): { sender: string; recipients: string[] } {
  const sender = o.sender === "" ? "" : parseAddress(o.sender).address;
  if (o.recipients.length === 0) throw new StoreError("invalid", "a queued message needs at least one recipient");
  return { sender, recipients: o.recipients.map((r) => parseAddress(r).address) };
}

/** store.queue: the outbound queue. */
export class Queue {
  readonly #ctx: StoreContext;
  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /** Queues a message durably (body and row commit together for database blobs). */
  async enqueue(o: { sender: string; recipients: string[]; blob: Uint8Array; notBefore?: Date }): Promise<QueueEntry> {
    checkEntry(o);
    const body = await stageBlob(this.#ctx.blobs, o.blob);
    try {
      return await this.#ctx.writer.run((tx) => this.enqueueIn(tx, { sender: o.sender, recipients: o.recipients, body, notBefore: o.notBefore }));
    } catch (e) {
      await body.discard();
      throw e;
    }
  }

  /**
   * Like `enqueue`, inside a write the caller holds (`store.write`), so the queue entry commits or
   * rolls back together with the other rows of that write (local copies of the same message).
   * Stage the body first (`stageBlob`) and `discard` it if the write fails.
   */
  async enqueueIn(tx: Tx, o: { sender: string; recipients: string[]; body: StagedBlob; notBefore?: Date; dsn?: QueueDsn }): Promise<QueueEntry> {
    const { sender, recipients } = checkEntry(o);
    const blobId = await o.body.take(tx);
    const now = new Date();
    const [row] = await tx.insert(queue).values({ sender, recipients, blobId, nextAttemptAt: o.notBefore ?? now, status: "queued", createdAt: now, dsn: o.dsn ?? null }).returning();
    return row;
  }

  /** Entries ready for an attempt (queued or deferred, due by `now`), oldest due first. */
  due(now: Date = new Date(), limit = 100): Promise<QueueEntry[]> {
    return this.#ctx.db.select().from(queue)
      .where(and(inArray(queue.status, ["queued", "deferred"]), lte(queue.nextAttemptAt, now)))
      .orderBy(asc(queue.nextAttemptAt)).limit(limit);
  }

  /** Every entry, or those with one status, oldest first. */
  list(status?: QueueStatus): Promise<QueueEntry[]> {
    const q = this.#ctx.db.select().from(queue);
    return (status ? q.where(eq(queue.status, status)) : q).orderBy(asc(queue.id));
  }

  /** Records the outcome of an attempt (or a claim: status "sending"). */
  async update(id: number, set: { status: QueueStatus; attempts?: number; nextAttemptAt?: Date; lastError?: string | null; recipients?: string[] }): Promise<void> {
    const rows = await this.#ctx.writer.run((tx) => tx.update(queue).set(set).where(eq(queue.id, id)).returning({ id: queue.id }));
    if (rows.length === 0) throw new StoreError("not_found", `queue entry ${id} not found`);
  }

  /** Removes an entry and its body. */
  async remove(id: number): Promise<void> {
    const after = await this.#ctx.writer.run(async (tx) => {
      const [row] = await tx.delete(queue).where(eq(queue.id, id)).returning({ blobId: queue.blobId });
      if (!row) throw new StoreError("not_found", `queue entry ${id} not found`);
      return dropBlobs(this.#ctx, tx, [row.blobId]);
    });
    await after();
  }
}
