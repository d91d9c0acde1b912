import assert from "node:assert/strict";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { stageBlob, type Store } from "../../src/store/mod.ts";
import { bytes, codeOf, text, withStore } from "./helpers.ts";

async function inboxOf(store: Store, address: string, quota?: number) {
  const a = await store.accounts.add({ address, password: "pw", quota });
  return (await store.mailboxes.get(a.id, "INBOX"))!;
}

async function fileBlobCount(dir: string): Promise<number> {
  let n = 0;
  for (const shard of await readdir(join(dir, "blobs")).catch(() => [] as string[])) {
    n += (await readdir(join(dir, "blobs", shard))).filter((f) => !f.startsWith(".tmp-")).length;
  }
  return n;
}

async function dbBlobCount(store: Store): Promise<number> {
  const { rows } = await store.client.execute("SELECT count(*) AS n FROM blobs");
  return Number(rows[0].n);
}

for (const kind of ["database", "files"] as const) {
  test(`staged blobs (${kind}): appendIn and enqueueIn commit together in one write`, async () => {
    await withStore(async (store) => {
      await store.domains.add("example.test");
      const a = await inboxOf(store, "a@example.test");
      const b = await inboxOf(store, "b@example.test");
      const bodies = await Promise.all(["to a", "to b", "queued"].map((s) => stageBlob(store.blobs, bytes(s))));
      const [ma, mb, q] = await store.write(async (tx) => [
        await store.messages.appendIn(tx, { mailboxId: a.id, body: bodies[0] }),
        await store.messages.appendIn(tx, { mailboxId: b.id, body: bodies[1], flags: ["\\Recent"] }),
        await store.queue.enqueueIn(tx, { sender: "a@Example.TEST", recipients: ["x@remote.test"], body: bodies[2] }),
      ] as const);
      assert.equal(text(await store.blobs.get(ma.blobId)), "to a");
      assert.equal(text(await store.blobs.get(mb.blobId)), "to b");
      assert.equal(text(await store.blobs.get(q.blobId)), "queued");
      assert.equal(q.sender, "a@example.test");
      assert.equal((await store.accounts.get("b@example.test"))?.usedBytes, 4);
      assert.deepEqual((await store.messages.list(b.id)).map((m) => m.flags), [["\\Recent"]]);
    }, { blobs: kind });
  });

  test(`staged blobs (${kind}): a failure late in the write keeps nothing, and discard removes file bodies`, async (t) => {
    await withStore(async (store, dir) => {
      await store.domains.add("example.test");
      const a = await inboxOf(store, "a@example.test");
      const full = await inboxOf(store, "full@example.test", 3);
      const bodies = await Promise.all(["1234", "1234", "q"].map((s) => stageBlob(store.blobs, bytes(s))));
      const err = await store.write(async (tx) => {
        await store.messages.appendIn(tx, { mailboxId: a.id, body: bodies[0] });
        await store.queue.enqueueIn(tx, { sender: "", recipients: ["x@remote.test"], body: bodies[2] });
        await store.messages.appendIn(tx, { mailboxId: full.id, body: bodies[1] });
      }).catch((e) => e);
      assert.equal(err.code, "over_quota");
      await Promise.all(bodies.map((b) => b.discard()));
      assert.deepEqual(await store.messages.list(a.id), []);
      assert.deepEqual(await store.queue.list(), []);
      assert.equal((await store.mailboxes.get(a.accountId, "INBOX"))?.uidNext, 1);
      assert.equal((await store.accounts.get("a@example.test"))?.usedBytes, 0);
      assert.equal(await dbBlobCount(store), 0);
      if (kind === "files") assert.equal(await fileBlobCount(dir), 0);
      else t.diagnostic("database bodies rolled back with the transaction");
    }, { blobs: kind });
  });

  test(`staged blobs (${kind}): one body backs one row only`, async () => {
    await withStore(async (store) => {
      await store.domains.add("example.test");
      const a = await inboxOf(store, "a@example.test");
      const body = await stageBlob(store.blobs, bytes("x"));
      const code = await codeOf(store.write(async (tx) => {
        await store.messages.appendIn(tx, { mailboxId: a.id, body });
        await store.messages.appendIn(tx, { mailboxId: a.id, body });
      }));
      assert.equal(code, "invalid");
      await body.discard();
      assert.deepEqual(await store.messages.list(a.id), []);
    }, { blobs: kind });
  });
}
