import { setImmediate } from "node:timers";
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
  /** What the job registered with afterCommit, in order. */
  after: AfterCommit[];
}

/** Work to do once a job's writes are durable; a returned promise delays only that job's promise. */
export type AfterCommit = () => void | Promise<void>;

// The callback list of each transaction or savepoint handed to a job. Keyed by the drizzle object
// itself so that code given only a Tx (appendIn inside store.write) can register without the
// Writer being passed around.
const scopes = new WeakMap<object, AfterCommit[]>();

/**
 * Runs `fn` after the transaction `tx` belongs to has committed, and never if the job (or the
 * savepoint `tx` is) rolls back. Callbacks run in commit order, before the job's own promise
 * settles, so a change event is out before the writer's caller continues. They must not throw
 * (an error is reported and swallowed: the write is already durable).
 */
export function afterCommit(tx: Tx, fn: AfterCommit): void {
  const list = scopes.get(tx);
  if (!list) throw new Error("afterCommit: this transaction was not handed out by the store's Writer");
  list.push(fn);
}

// Gives `tx` its callback list, and makes its nested savepoints get their own, merged into it only
// when the savepoint was released: a savepoint that rolls back takes its callbacks with it.
function track(tx: Tx, list: AfterCommit[]): void {
  scopes.set(tx, list);
  const nest = tx.transaction.bind(tx);
  (tx as { transaction: typeof nest }).transaction = (async (fn, config) => {
    const inner: AfterCommit[] = [];
    const result = await nest((sp) => {
      track(sp, inner);
      return fn(sp);
    }, config);
    list.push(...inner);
    return result;
  }) as typeof nest;
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
  readonly #onError: (e: unknown) => void;
  #queue: Job[] = [];
  #busy = false;

  /** `onError` hears about afterCommit callbacks that failed (the write itself had committed). */
  constructor(db: Db, maxBatch = 64, onError: (e: unknown) => void = (e) => console.error("wrenmail store: after-commit step failed:", e)) {
    this.#db = db;
    this.#maxBatch = maxBatch;
    this.#onError = onError;
  }

  /** Runs `fn` in a write transaction and resolves with its result once committed. */
  run<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ fn, resolve: resolve as (v: unknown) => void, reject, after: [] });
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
      while (this.#queue.length > 0) {
        // One event-loop turn before each commit. libSQL's native statements are freed by N-API
        // finalizers that Node and Bun run only on an event-loop turn after a GC; a caller awaiting
        // write after write would otherwise chain commits through microtasks alone and the freed
        // statements pile up (measured: ~2.4 KB per statement, 1 GB after 400k statements; flat
        // with a turn per commit). The turn also lets more jobs join the batch (group commit).
        await new Promise<void>((resolve) => setImmediate(resolve));
        await this.#commit(this.#queue.splice(0, this.#maxBatch));
      }
    } finally {
      this.#busy = false;
    }
  }

  async #commit(batch: Job[]): Promise<void> {
    const outcomes: Outcome[] = [];
    try {
      await this.#db.transaction(async (tx) => {
        if (batch.length === 1) {
          track(tx, batch[0].after);
          outcomes.push({ ok: true, value: await batch[0].fn(tx) });
          return;
        }
        for (const job of batch) {
          try {
            outcomes.push({ ok: true, value: await tx.transaction((sp) => {
              track(sp, job.after);
              return job.fn(sp);
            }) });
          } catch (error) {
            // Callbacks registered before the failure belong to writes that were just undone.
            job.after.length = 0;
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
      if (!o.ok) return job.reject(o.error);
      // Synchronous callbacks (change events) run here, in commit order; async ones (file
      // deletions) run on while the next batch commits, and only this job waits for them.
      const pending: Promise<void>[] = [];
      for (const fn of job.after) {
        try {
          const r = fn();
          if (r) pending.push(r.catch(this.#onError));
        } catch (e) {
          this.#onError(e);
        }
      }
      if (pending.length === 0) job.resolve(o.value);
      else void Promise.all(pending).then(() => job.resolve(o.value));
    });
  }
}
