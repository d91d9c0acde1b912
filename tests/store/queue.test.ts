import assert from "node:assert/strict";
import { test } from "node:test";
import { bytes, codeOf, text, withStore } from "./helpers.ts";

for (const kind of ["database", "files"] as const) {
  test(`queue (${kind} blobs): enqueue, due, update, remove`, async () => {
    await withStore(async (store) => {
      const e = await store.queue.enqueue({ sender: "alice@Example.TEST", recipients: ["bob@remote.test", "carol@remote.test"], blob: bytes("hello") });
      assert.equal(e.sender, "alice@example.test");
      assert.equal(e.status, "queued");
      assert.equal(e.attempts, 0);
      assert.equal(text(await store.blobs.get(e.blobId)), "hello");
      const bounce = await store.queue.enqueue({ sender: "", recipients: ["alice@example.test"], blob: bytes("dsn"), notBefore: new Date(Date.now() + 60_000) });
      assert.deepEqual((await store.queue.due()).map((x) => x.id), [e.id]);
      assert.deepEqual((await store.queue.due(new Date(Date.now() + 120_000))).map((x) => x.id), [e.id, bounce.id]);
      await store.queue.update(e.id, { status: "deferred", attempts: 1, nextAttemptAt: new Date(Date.now() + 300_000), lastError: "451 try later" });
      assert.deepEqual(await store.queue.due(), []);
      const [deferred] = await store.queue.list("deferred");
      assert.equal(deferred.lastError, "451 try later");
      assert.equal(deferred.attempts, 1);
      await store.queue.remove(e.id);
      assert.equal(await store.blobs.get(e.blobId), null);
      assert.equal(await codeOf(store.queue.remove(e.id)), "not_found");
      assert.equal(await codeOf(store.queue.update(e.id, { status: "sent" })), "not_found");
      assert.equal(await codeOf(store.queue.enqueue({ sender: "x@y.test", recipients: [], blob: bytes("x") })), "invalid");
      assert.equal(await codeOf(store.queue.enqueue({ sender: "bad", recipients: ["x@y.test"], blob: bytes("x") })), "invalid");
    }, { blobs: kind });
  });
}
