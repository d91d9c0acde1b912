import assert from "node:assert/strict";
import { test } from "node:test";
import { bytes, codeOf, text, withStore } from "./helpers.ts";
import { all, blobFiles, count, fixture } from "./mail-fixture.ts";

for (const kind of ["database", "files"] as const) {
  test(`copy (${kind} blobs): new UIDs in source order, own bodies, flags/date/summary kept, quota charged, one modseq`, async () => {
    await withStore(async (store, dir) => {
      const f = await fixture(store);
      const when = new Date("2024-02-29T12:00:00Z");
      for (const [i, b] of ["one", "two", "three", "four"].entries()) {
        await store.messages.append({ mailboxId: f.inbox, blob: bytes(b), flags: i === 2 ? ["\\Seen", "$K"] : [], internalDate: when, summary: `{"n":${i + 1}}` });
      }
      const archive = await f.box("Archive");
      await f.fill(archive, 2); // the destination already has UIDs 1-2
      const dst0 = await store.mailboxes.status(archive);
      f.events.length = 0;

      const r = await store.messages.copy(f.inbox, [4, 1, 3, 77], archive);
      assert.equal(r.uidValidity, dst0.uidValidity);
      assert.deepEqual(r.map, [{ from: 1, to: 3 }, { from: 3, to: 4 }, { from: 4, to: 5 }]);
      const copied = await all(store.messages.scan(archive, { uids: [3, 4, 5] }));
      assert.deepEqual(copied.map((m) => m.uid), [3, 4, 5]);
      assert.ok(copied.every((m) => m.modseq === dst0.highestModseq + 1), "one new modseq for the copy");
      assert.deepEqual(copied[1].flags, ["\\Seen", "$K"]);
      assert.ok(copied.every((m) => m.internalDate.getTime() === when.getTime()));
      assert.deepEqual(await Promise.all([3, 4, 5].map(async (u) => text(await store.messages.body(archive, u)))), ["one", "three", "four"]);
      assert.equal(await store.messages.summary(archive, 4), `{"n":3}`);
      const src = await store.messages.list(f.inbox);
      assert.ok(copied.every((c) => !src.some((s) => s.blobId === c.blobId)), "each copy has its own body");
      assert.equal((await store.mailboxes.status(archive)).uidNext, 6);
      assert.equal((await store.accounts.get("alice@example.test"))!.usedBytes, 3 + 3 + 5 + 4 + 2 + 2 + (3 + 5 + 4));
      assert.deepEqual(f.events, [{ kind: "append", accountId: f.accountId, mailboxId: archive, uids: [3, 4, 5], modseq: dst0.highestModseq + 1 }]);

      // The source is untouched; expunging it leaves the copies readable.
      const srcStatus = await store.mailboxes.status(f.inbox);
      await store.messages.expunge(f.inbox, [1, 3, 4]);
      assert.equal(text(await store.messages.body(archive, 3)), "one");
      assert.equal(srcStatus.messages, 4);
      assert.equal(kind === "database" ? await count(store, "blobs") : await blobFiles(dir), 1 + 2 + 3);

      // Copy into the same mailbox duplicates.
      const self = await store.messages.copy(archive, [1], archive);
      assert.deepEqual(self.map, [{ from: 1, to: 6 }]);
      // Nothing to copy: no modseq change, no event.
      const before = f.events.length;
      assert.deepEqual(await store.messages.copy(f.inbox, [1, 3], archive), { uidValidity: dst0.uidValidity, map: [] });
      assert.equal(f.events.length, before);
    }, { blobs: kind });
  });

  test(`copy (${kind} blobs): over quota copies nothing and leaves no body behind`, async () => {
    await withStore(async (store, dir) => {
      const f = await fixture(store, { quota: 24 });
      await f.fill(f.inbox, ["12345", "12345", "12345"]);
      const trash = await f.box("Trash");
      const bodies = () => kind === "database" ? count(store, "blobs") : blobFiles(dir);
      const h = await store.mailboxes.status(trash);
      f.events.length = 0;
      assert.equal(await codeOf(store.messages.copy(f.inbox, [1, 2], trash)), "over_quota");
      assert.deepEqual(await store.messages.uids(trash), []);
      assert.deepEqual(await store.mailboxes.status(trash), h, "no UID or modseq used");
      assert.equal(await bodies(), 3);
      assert.equal((await store.accounts.get("alice@example.test"))!.usedBytes, 15);
      assert.deepEqual(f.events, []);
      // One fits.
      assert.deepEqual((await store.messages.copy(f.inbox, [2], trash)).map, [{ from: 2, to: 1 }]);
      assert.equal(await bodies(), 4);
    }, { blobs: kind });
  });

  test(`move (${kind} blobs): one write, source tombstones and destination UIDs, same bodies, quota unchanged, two events`, async () => {
    await withStore(async (store, dir) => {
      const f = await fixture(store, { quota: 12 });
      await f.fill(f.inbox, ["aaa", "bbb", "ccc", "ddd"]);
      await store.messages.setFlags(f.inbox, [2], "add", ["\\Answered"]);
      const junk = await f.box("Junk");
      const src0 = await store.mailboxes.status(f.inbox);
      const dst0 = await store.mailboxes.status(junk);
      const bodies = () => kind === "database" ? count(store, "blobs") : blobFiles(dir);
      const blobIds = (await store.messages.list(f.inbox)).map((m) => m.blobId);
      f.events.length = 0;

      // The account is at its quota: a move must still work (no bytes charged).
      const r = await store.messages.move(f.inbox, [2, 4, 9], junk);
      assert.deepEqual(r, { uidValidity: dst0.uidValidity, map: [{ from: 2, to: 1 }, { from: 4, to: 2 }], expungeModseq: src0.highestModseq + 1 });
      assert.deepEqual(await store.messages.uids(f.inbox), [1, 3]);
      const moved = await store.messages.list(junk);
      assert.deepEqual(moved.map((m) => [m.uid, m.flags, m.modseq, m.blobId]), [
        [1, ["\\Answered"], dst0.highestModseq + 1, blobIds[1]],
        [2, [], dst0.highestModseq + 1, blobIds[3]],
      ]);
      assert.equal(text(await store.messages.body(junk, 2)), "ddd");
      assert.equal(await bodies(), 4);
      assert.equal((await store.accounts.get("alice@example.test"))!.usedBytes, 12);
      assert.deepEqual(await store.messages.vanishedSince(f.inbox, src0.highestModseq), [2, 4]);
      assert.equal((await store.mailboxes.status(f.inbox)).highestModseq, src0.highestModseq + 1);
      assert.deepEqual(f.events, [
        { kind: "append", accountId: f.accountId, mailboxId: junk, uids: [1, 2], modseq: dst0.highestModseq + 1 },
        { kind: "expunge", accountId: f.accountId, mailboxId: f.inbox, uids: [2, 4], modseq: src0.highestModseq + 1 },
      ]);

      // Move within one mailbox: new UIDs, the old ones vanish, two ordered modseqs.
      const self = await store.messages.move(junk, [1], junk);
      assert.deepEqual(self.map, [{ from: 1, to: 3 }]);
      assert.deepEqual(await store.messages.uids(junk), [2, 3]);
      assert.equal((await store.messages.get(junk, 3))!.modseq, self.expungeModseq + 1);
      assert.deepEqual(await store.messages.vanishedSince(junk, 0), [1]);
    }, { blobs: kind });
  });
}

test("copy/move: mailboxes of different accounts, missing mailboxes and bad UIDs are refused", async () => {
  await withStore(async (store) => {
    const a = await fixture(store);
    const b = await fixture(store, { address: "bob@example.test" });
    await a.fill(a.inbox, 2);
    assert.equal(await codeOf(store.messages.copy(a.inbox, [1], b.inbox)), "invalid");
    assert.equal(await codeOf(store.messages.move(a.inbox, [1], b.inbox)), "invalid");
    assert.equal(await codeOf(store.messages.copy(a.inbox, [1], 99999)), "not_found");
    assert.equal(await codeOf(store.messages.move(99999, [1], a.inbox)), "not_found");
    assert.equal(await codeOf(store.messages.copy(a.inbox, [0], a.inbox)), "invalid");
    assert.deepEqual(await store.messages.uids(a.inbox), [1, 2]);
    assert.deepEqual(await store.messages.uids(b.inbox), []);
  });
});

test("copy (files): a failed copy removes the bodies it staged", async () => {
  await withStore(async (store, dir) => {
    const f = await fixture(store);
    const other = await fixture(store, { address: "bob@example.test" });
    await f.fill(f.inbox, 3);
    assert.equal(await blobFiles(dir), 3);
    // Refused inside the write (different accounts), after the bodies were staged.
    assert.equal(await codeOf(store.messages.copy(f.inbox, [1, 2, 3], other.inbox)), "invalid");
    assert.equal(await blobFiles(dir), 3);
  }, { blobs: "files" });
});
