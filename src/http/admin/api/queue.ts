import { Hono } from "hono";
import * as v from "valibot";
import type { QueueEntry, QueueStatus } from "../../../store/mod.ts";
import type { AdminDeps, AdminEnv } from "../deps.ts";
import { ApiError, validate } from "../errors.ts";
import { storeCall } from "./store-call.ts";

/** Every status a queue entry can have, in the order a message moves through them. */
export const QUEUE_STATUSES = ["queued", "sending", "deferred", "failed", "sent"] as const satisfies readonly QueueStatus[];

/** `GET /api/queue` query. */
export const QueueQuerySchema = v.strictObject({
  status: v.optional(v.picklist(QUEUE_STATUSES, `expected one of ${QUEUE_STATUSES.join(", ")}`)),
});

const view = (e: QueueEntry) => ({
  id: e.id,
  sender: e.sender,
  recipients: e.recipients,
  status: e.status,
  attempts: e.attempts,
  nextAttemptAt: e.nextAttemptAt.toISOString(),
  lastError: e.lastError,
  createdAt: e.createdAt.toISOString(),
});

/**
 * `/api/queue`: the outbound queue. Retry makes an entry due now; delete drops it with its body.
 * An entry being sent right now is left alone (409), so the delivery in flight stays consistent.
 */
export function queueApi(deps: AdminDeps): Hono<AdminEnv> {
  const { store, log } = deps;
  const load = async (idText: string): Promise<QueueEntry> => {
    const id = /^\d{1,15}$/.test(idText) ? Number(idText) : NaN;
    if (!Number.isSafeInteger(id)) throw new ApiError(400, "invalid request", { issues: [{ path: "id", message: `expected a queue entry number, got ${JSON.stringify(idText)}` }] });
    const e = (await store.queue.list()).find((x) => x.id === id);
    if (!e) throw new ApiError(404, `no queue entry ${id}`);
    return e;
  };

  return new Hono<AdminEnv>()
    .get("/", async (c) => {
      const q = validate(QueueQuerySchema, c.req.query(), ["status"]);
      return c.json({ entries: (await store.queue.list(q.status)).map(view) });
    })
    .get("/:id", async (c) => c.json({ entry: view(await load(c.req.param("id"))) }))
    .post("/:id/retry", async (c) => {
      const e = await load(c.req.param("id"));
      if (e.status === "sending" || e.status === "sent") throw new ApiError(409, `queue entry ${e.id} is ${e.status}; nothing to retry`);
      await storeCall(() => store.queue.update(e.id, { status: "queued", nextAttemptAt: new Date(deps.now?.() ?? Date.now()) }));
      const { actor } = c.get("caller");
      log.info(undefined, `queue entry ${e.id} (${e.status}) set to retry now by ${actor}`, { actor, queueId: e.id });
      return c.json({ entry: view(await load(String(e.id))) });
    })
    .delete("/:id", async (c) => {
      const e = await load(c.req.param("id"));
      if (e.status === "sending") throw new ApiError(409, `queue entry ${e.id} is being sent right now; try again in a moment`);
      await storeCall(() => store.queue.remove(e.id));
      const { actor } = c.get("caller");
      log.info(undefined, `queue entry ${e.id} (${e.status}, from ${e.sender || "<>"} to ${e.recipients.join(", ")}) deleted by ${actor}`, { actor, queueId: e.id });
      return c.body(null, 204);
    });
}
