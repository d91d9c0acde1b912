import assert from "node:assert/strict";
import { test } from "node:test";
import { bytes, codeOf, text, withStore } from "./helpers.ts";
import { all, fixture } from "./mail-fixture.ts";

test("mail read: uids ascending; not_found for a missing mailbox; empty mailbox is []", async () => {
  await withStore(async (store) => {
    const f = await fixture(store);
    assert.deepEqual(await store.messages.uids(f.inbox), []);
    await f.fill(f.inbox, 5);
    await store.messages.expunge(f.inbox, [2]);
    assert.deepEqual(await store.messages.uids(f.inbox), [1, 3, 4, 5]);
    assert.equal(await codeOf(store.messages.uids(99999)), "not_found");
    assert.equal(await codeOf(store.messages.uids(0)), "invalid");
  });
});

test("mail read: scan yields metadata in UID order with each filter, and refuses bad filters", async () => {
  await withStore(async (store) => {
    const f = await fixture(store);
    const when = new Date("2025-05-05T05:05:05Z");
    await store.messages.append({ mailboxId: f.inbox, blob: bytes("first"), flags: ["\\Seen"], internalDate: when });
    await f.fill(f.inbox, 9);
    const metas = await all(store.messages.scan(f.inbox));
    assert.deepEqual(metas.map((m) => m.uid), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.deepEqual(metas[0].flags, ["\\Seen"]);
    assert.equal(metas[0].internalDate.getTime(), when.getTime());
    assert.equal(metas[0].size, 5);
    assert.equal(text(await store.blobs.get(metas[0].blobId)), "first");
    assert.equal("summary" in metas[0], false, "scan does not carry summaries");

    const uidsOf = async (filter: Parameters<typeof store.messages.scan>[1]) => (await all(store.messages.scan(f.inbox, filter))).map((m) => m.uid);
    assert.deepEqual(await uidsOf({ uids: [9, 3, 3, 42, 1] }), [1, 3, 9], "duplicates and missing UIDs ignored, ascending");
    assert.deepEqual(await uidsOf({ uidRange: { from: 4, to: 6 } }), [4, 5, 6]);
    assert.deepEqual(await uidsOf({ uidRange: { from: 6, to: 4 } }), []);
    const { changed } = await store.messages.setFlags(f.inbox, [2, 7], "add", ["\\Flagged"]);
    assert.deepEqual(await uidsOf({ changedSince: changed[0].modseq - 1 }), [2, 7]);
    assert.deepEqual(await uidsOf({ changedSince: changed[0].modseq }), []);
    assert.deepEqual(await uidsOf({ uids: [1, 2, 3, 4, 5, 6, 7], uidRange: { from: 2, to: 9 }, changedSince: 0, batch: 2 }), [2, 3, 4, 5, 6, 7]);
    assert.deepEqual(await uidsOf({ batch: 1 }), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.deepEqual(await all(store.messages.scan(99999)), [], "a missing mailbox yields nothing");

    for (const bad of [{ batch: 0 }, { batch: 10_001 }, { batch: 1.5 }, { uids: [0] }, { uidRange: { from: 0, to: 3 } }, { changedSince: -1 }]) {
      assert.throws(() => store.messages.scan(f.inbox, bad), (e: { code?: string }) => e.code === "invalid", JSON.stringify(bad));
    }
  });
});

test("mail read: scan reads in batches (a message appended mid-scan past the last batch is seen)", async () => {
  await withStore(async (store) => {
    const f = await fixture(store);
    await f.fill(f.inbox, 5);
    const seen: number[] = [];
    for await (const m of store.messages.scan(f.inbox, { batch: 2 })) {
      seen.push(m.uid);
      // Had scan loaded the whole mailbox up front, this message would not show.
      if (m.uid === 1) await f.fill(f.inbox, ["late"]);
      if (m.uid === 2) await store.messages.expunge(f.inbox, [4]);
    }
    assert.deepEqual(seen, [1, 2, 3, 5, 6]);
  });
});

for (const kind of ["database", "files"] as const) {
  test(`mail read (${kind} blobs): body, summary and setSummary`, async () => {
    await withStore(async (store) => {
      const f = await fixture(store);
      const s1 = JSON.stringify({ v: 1, subject: "hello" });
      const a = await store.messages.append({ mailboxId: f.inbox, blob: bytes("Subject: hello\r\n\r\nhi\r\n"), summary: s1 });
      const b = await store.messages.append({ mailboxId: f.inbox, blob: bytes("no summary") });
      assert.equal(text(await store.messages.body(f.inbox, a.uid)), "Subject: hello\r\n\r\nhi\r\n");
      assert.equal(await store.messages.body(f.inbox, 77), null);
      assert.equal(await store.messages.summary(f.inbox, a.uid), s1);
      assert.equal(await store.messages.summary(f.inbox, b.uid), null);
      assert.equal(await store.messages.summary(f.inbox, 77), null);

      const before = await store.mailboxes.status(f.inbox);
      const eventsBefore = f.events.length;
      const s2 = JSON.stringify({ v: 1, subject: "" });
      await store.messages.setSummary(f.inbox, b.uid, s2);
      assert.equal(await store.messages.summary(f.inbox, b.uid), s2);
      assert.equal((await store.mailboxes.status(f.inbox)).highestModseq, before.highestModseq, "no modseq change");
      assert.equal((await store.messages.get(f.inbox, b.uid))!.modseq, b.modseq);
      assert.equal(f.events.length, eventsBefore, "no event");

      assert.equal(await codeOf(store.messages.setSummary(f.inbox, 77, s2)), "not_found");
      assert.equal(await codeOf(store.messages.setSummary(f.inbox, b.uid, "{not json")), "invalid");
      assert.equal(await codeOf(store.messages.setSummary(f.inbox, b.uid, JSON.stringify("x".repeat(1024 * 1024)))), "invalid");
      assert.equal(await codeOf(store.messages.append({ mailboxId: f.inbox, blob: bytes("x"), summary: "nope" })), "invalid");
      assert.equal(await codeOf(store.messages.append({ mailboxId: f.inbox, blob: bytes("x"), internalDate: new Date(NaN) })), "invalid");
      await store.messages.expunge(f.inbox, [a.uid]);
      assert.equal(await store.messages.body(f.inbox, a.uid), null, "gone after expunge");
    }, { blobs: kind });
  });
}
