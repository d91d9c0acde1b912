import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { harness, type Harness } from "./harness.ts";

describe("admin API: queue", () => {
  let h: Harness;
  before(async () => {
    h = await harness();
  });
  after(() => h.close());

  test("list by status, retry a deferred entry (due now), delete with its body; sending entries are left alone", async () => {
    const e1 = await h.store.queue.enqueue({ sender: "a@example.test", recipients: ["b@elsewhere.test"], blob: new TextEncoder().encode("Subject: 1\r\n\r\nx\r\n") });
    const e2 = await h.store.queue.enqueue({ sender: "", recipients: ["c@elsewhere.test"], blob: new TextEncoder().encode("Subject: 2\r\n\r\ny\r\n") });
    const later = new Date(Date.now() + 3600_000);
    await h.store.queue.update(e1.id, { status: "deferred", attempts: 3, nextAttemptAt: later, lastError: "451 try later" });
    await h.store.queue.update(e2.id, { status: "sending" });

    const all = await h.call("GET", "/api/queue");
    assert.equal(all.status, 200);
    assert.deepEqual(all.body.entries.map((e: { id: number; status: string }) => [e.id, e.status]), [[e1.id, "deferred"], [e2.id, "sending"]]);
    assert.equal(all.body.entries[0].lastError, "451 try later");
    assert.deepEqual((await h.call("GET", "/api/queue?status=sending")).body.entries.map((e: { id: number }) => e.id), [e2.id]);
    const badStatus = await h.call("GET", "/api/queue?status=lost");
    assert.equal(badStatus.status, 400);
    assert.equal(badStatus.body.issues[0].path, "status");

    const retry = await h.call("POST", `/api/queue/${e1.id}/retry`);
    assert.equal(retry.status, 200, JSON.stringify(retry.body));
    assert.equal(retry.body.entry.status, "queued");
    assert.ok(Date.parse(retry.body.entry.nextAttemptAt) <= Date.now());
    assert.deepEqual((await h.store.queue.due()).map((e) => e.id), [e1.id]);

    assert.equal((await h.call("POST", `/api/queue/${e2.id}/retry`)).status, 409);
    assert.equal((await h.call("DELETE", `/api/queue/${e2.id}`)).status, 409);
    assert.equal((await h.call("DELETE", "/api/queue/abc")).status, 400);
    assert.equal((await h.call("DELETE", "/api/queue/999999")).status, 404);

    assert.equal((await h.call("DELETE", `/api/queue/${e1.id}`)).status, 204);
    assert.equal(await h.store.blobs.get(e1.blobId), null, "the body went with it");
    assert.deepEqual((await h.call("GET", "/api/queue")).body.entries.map((e: { id: number }) => e.id), [e2.id]);
    await h.log.flush();
    const log = (await h.store.log.query({ limit: 10 })).map((e) => e.message).join("\n");
    assert.match(log, new RegExp(`queue entry ${e1.id} \\(deferred\\) set to retry now by admin`));
    assert.match(log, new RegExp(`queue entry ${e1.id} \\(queued, from a@example.test to b@elsewhere.test\\) deleted by admin`));
  });
});
