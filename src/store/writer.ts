import type { LibSQLDatabase } from "drizzle-orm/libsql/driver-core";
import type * as schema from "./schema.ts";

/** The drizzle database over libSQL with this schema. */
export type Db = LibSQLDatabase<typeof schema>;
/** An open drizzle transaction (or savepoint) on Db. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Reads take either; writes take a Tx handed out by Writer.run. */
export type Conn = Db | Tx;

interface Job {
  fn: (tx: Tx) => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * The single way to write. Every write transaction in this process goes through one queue, because
 * the local libSQL driver is synchronous: two interleaved write transactions on two pooled
 * connections would have the second one sleep in SQLite's busy handler on the JS thread while the
 * first can never run to release its lock. Serialising here also buys group commit: jobs that queue
 * up while a commit is in flight share the next transaction (one fsync), each inside its own
 * savepoint so a failing job rolls back alone. A job's promise settles only after COMMIT returned,
 * i.e. once its writes are durable. A job must not call `run` itself (it would wait on itself).
 */
export class Writer {
  readonly #db: Db;
  readonly #maxBatch: number;
  #queue: Job[] = [];
  #busy = false;

  constructor(db: Db, maxBatch = 64) {
    this.#db = db;
    this.#maxBatch = maxBatch;
  }

  /** Runs `fn` in a write transaction and resolves with its result once committed. */
  run<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.#busy) void this.#drain();
    });
  }

  /** Resolves when every job queued so far has settled. */
  async idle(): Promise<void> {
    while (this.#busy || this.#queue.length > 0) await new Promise((r) => setTimeout(r, 1));
  }

  async #drain(): Promise<void> {
    this.#busy = true;
    try {
      while (this.#queue.length > 0) await this.#commit(this.#queue.splice(0, this.#maxBatch));
    } finally {
      this.#busy = false;
    }
  }

  async #commit(batch: Job[]): Promise<void> {
    const outcomes: Outcome[] = [];
    try {
      await this.#db.transaction(async (tx) => {
        if (batch.length === 1) {
          outcomes.push({ ok: true, value: await batch[0].fn(tx) });
          return;
        }
        for (const job of batch) {
          try {
            outcomes.push({ ok: true, value: await tx.transaction((sp) => job.fn(sp)) });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      // Nothing committed: a lone job's own error, or a failed COMMIT that takes the whole batch.
      batch.forEach((job, i) => job.reject(outcomes[i]?.ok === false ? (outcomes[i] as { error: unknown }).error : error));
      return;
    }
    batch.forEach((job, i) => {
      const o = outcomes[i];
      if (o.ok) job.resolve(o.value);
      else job.reject(o.error);
    });
  }
}
