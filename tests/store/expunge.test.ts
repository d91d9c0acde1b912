import assert from "node:assert/strict";
import { test } from "node:test";
import { codeOf, withStore } from "./helpers.ts";
import { blobFiles, count, fixture } from "./mail-fixture.ts";

for (const kind of ["database", "files"] as const) {
  test(`expunge (${kind} blobs): rows, bodies, used bytes and tombstones go in one write; vanishedSince reports them`, async () => {
    await withStore(async (store, dir) => {
      const f = await fixture(store);
      await f.fill(f.inbox, ["aaaa", "bb", "cccccc", "d"]);
      const bodies = () => kind === "database" ? count(store, "blobs") : blobFiles(dir);
      assert.equal(await bodies(), 4);
      const h = (await store.mailboxes.status(f.inbox)).highestModseq;
      f.events.length = 0;

      const r = await store.messages.expunge(f.inbox, [3, 1, 42, 3]);
      assert.deepEqual(r, { uids: [1, 3], modseq: h + 1 });
      assert.deepEqual(await store.messages.uids(f.inbox), [2, 4]);
      assert.equal(await bodies(), 2, "bodies of expunged messages are gone when expunge resolves");
      assert.equal((await store.accounts.get("alice@example.test"))!.usedBytes, 3);
      assert.equal((await store.mailboxes.status(f.inbox)).highestModseq, h + 1);
      assert.deepEqual(f.events, [{ kind: "expunge", accountId: f.accountId, mailboxId: f.inbox, uids: [1, 3], modseq: h + 1 }]);

      const r2 = await store.messages.expunge(f.inbox, [4]);
      assert.deepEqual(await store.messages.vanishedSince(f.inbox, 0), [1, 3, 4]);
      assert.deepEqual(await store.messages.vanishedSince(f.inbox, h), [1, 3, 4]);
      assert.deepEqual(await store.messages.vanishedSince(f.inbox, h + 1), [4]);
      assert.deepEqual(await store.messages.vanishedSince(f.inbox, r2.modseq), []);

      // Nothing to expunge: no modseq, no event.
      const before = f.events.length;
      assert.deepEqual(await store.messages.expunge(f.inbox, [1, 3, 500]), { uids: [], modseq: r2.modseq });
      assert.equal(f.events.length, before);
      assert.equal(await codeOf(store.messages.expunge(99999, [1])), "not_found");
      assert.equal(await codeOf(store.messages.expunge(f.inbox, [-1])), "invalid");
      assert.equal(await codeOf(store.messages.vanishedSince(f.inbox, -1)), "invalid");
    }, { blobs: kind });
  });
}

test("expunge: tombstones go with their mailbox", async () => {
  await withStore(async (store) => {
    const f = await fixture(store);
    const box = await store.mailboxes.create(f.accountId, "Old");
    await f.fill(box.id, 3);
    await store.messages.expunge(box.id, [1, 2]);
    assert.equal(await count(store, "expunged", `mailbox_id = ${box.id}`), 2);
    await store.mailboxes.delete(f.accountId, "Old");
    assert.equal(await count(store, "expunged", `mailbox_id = ${box.id}`), 0);
  });
});

test("expunge: a large UID set (3000 of 3000) in one write", async () => {
  await withStore(async (store) => {
    const f = await fixture(store);
    const { stageBlob } = await import("../../src/store/mod.ts");
    await store.write(async (tx) => {
      for (let i = 0; i < 3000; i++) await store.messages.appendIn(tx, { mailboxId: f.inbox, body: await stageBlob(store.blobs, new Uint8Array([1, 2])) });
    });
    const uids = Array.from({ length: 3000 }, (_, i) => i + 1);
    const r = await store.messages.expunge(f.inbox, uids.filter((u) => u !== 1500));
    assert.equal(r.uids.length, 2999);
    assert.deepEqual(await store.messages.uids(f.inbox), [1500]);
    assert.equal(await count(store, "blobs"), 1);
    assert.equal((await store.accounts.get("alice@example.test"))!.usedBytes, 2);
    assert.equal((await store.messages.vanishedSince(f.inbox, 0)).length, 2999);
  });
});
