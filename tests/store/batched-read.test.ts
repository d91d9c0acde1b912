import assert from "node:assert/strict";
import { test } from "node:test";
import { bytes, codeOf, text, withStore } from "./helpers.ts";
import { all, fixture } from "./mail-fixture.ts";

test("batched read: scan withSummary carries each row's summary, same rows and order as without", async () => {
  await withStore(async (store) => {
    const f = await fixture(store);
    for (let i = 1; i <= 7; i++) {
      await store.messages.append({ mailboxId: f.inbox, blob: bytes(`m${i}`), ...(i % 3 === 0 ? {} : { summary: JSON.stringify({ v: 1, n: i }) }) });
    }
    const filters = [{}, { batch: 2 }, { uids: [7, 2, 3, 5] }, { uidRange: { from: 2, to: 6 }, batch: 3 }, { uids: [1, 2, 3, 4, 5, 6, 7], changedSince: 0 }];
    for (const filter of filters) {
      const plain = await all(store.messages.scan(f.inbox, filter));
      const rich = await all(store.messages.scan(f.inbox, { ...filter, withSummary: true }));
      assert.deepEqual(rich.map(({ summary: _, ...meta }) => meta), plain, JSON.stringify(filter));
      for (const r of rich) assert.equal(r.summary, r.uid % 3 === 0 ? null : JSON.stringify({ v: 1, n: r.uid }), `uid ${r.uid}`);
    }
    const off = await all(store.messages.scan(f.inbox, { withSummary: false }));
    assert.equal("summary" in off[0], false, "withSummary: false reads no summary");
    assert.throws(() => store.messages.scan(f.inbox, { withSummary: "yes" as never }), (e: { code?: string }) => e.code === "invalid");
  });
});

test("batched read: summaries come back byte for byte (whitespace, non-ASCII, escaped control characters, empty objects)", async () => {
  await withStore(async (store) => {
    const f = await fixture(store);
    // A page's summaries travel joined by U+001E: JSON may hold it escaped, never raw.
    const texts = ['{\n  "v": 1,\r\n\t"s": "caf\u00e9 \\u001e \\n"\n}', JSON.stringify({ v: 1, s: "日本語 \u001e ,\"[]" }), "{}", "[]", "0", '""'];
    for (const t of texts) await store.messages.append({ mailboxId: f.inbox, blob: bytes("x"), summary: t });
    await store.messages.append({ mailboxId: f.inbox, blob: bytes("none") });
    for (const batch of [1, 3, 100]) {
      const got = (await all(store.messages.scan(f.inbox, { withSummary: true, batch }))).map((m) => m.summary);
      assert.deepEqual(got, [...texts, null], `batch ${batch}`);
    }
  });
});

test("batched read: scan of a sparse UID list (runs and points) yields exactly those UIDs", async () => {
  await withStore(async (store) => {
    const f = await fixture(store);
    await f.fill(f.inbox, 60);
    await store.messages.expunge(f.inbox, [10, 45]);
    // A run of 20 (one BETWEEN), scattered points (IN), and UIDs that do not exist.
    const want = [...Array.from({ length: 20 }, (_, i) => 21 + i), 3, 5, 10, 45, 50, 59, 61, 999];
    const got = (await all(store.messages.scan(f.inbox, { uids: want, batch: 4 }))).map((m) => m.uid);
    assert.deepEqual(got, [3, 5, ...Array.from({ length: 20 }, (_, i) => 21 + i), 50, 59]);
  });
});

for (const kind of ["database", "files"] as const) {
  test(`batched read (${kind} blobs): bodies in the order asked, null for a body gone, limits refused`, async () => {
    await withStore(async (store) => {
      const f = await fixture(store);
      const uids = await f.fill(f.inbox, ["one", "two", "three", "four", ""]);
      const metas = await all(store.messages.scan(f.inbox));
      await store.messages.expunge(f.inbox, [uids[1]!]);
      const order = [metas[3]!, metas[0]!, metas[1]!, metas[4]!, metas[2]!, metas[0]!];
      const got = await store.messages.bodies(order);
      assert.deepEqual(got.map(text), ["four", "one", null, "", "three", "one"]);
      assert.deepEqual(await store.messages.bodies([]), []);

      const many = await store.blobs.getMany(metas.map((m) => m.blobId));
      assert.deepEqual([...many.keys()].sort(), [metas[0], metas[2], metas[3], metas[4]].map((m) => m!.blobId).sort());
      assert.equal(await codeOf(store.blobs.getMany(["../../etc/passwd"])), "invalid");
      assert.equal(await codeOf(store.blobs.getMany(Array.from({ length: 1001 }, () => metas[0]!.blobId))), "invalid");

      const row = { blobId: metas[0]!.blobId, size: 20 * 1024 * 1024 };
      assert.equal(await codeOf(store.messages.bodies(Array.from({ length: 1001 }, () => metas[0]!))), "invalid", "more than 1000 rows");
      assert.equal(await codeOf(store.messages.bodies([row, row])), "invalid", "more than 32 MiB");
      assert.deepEqual((await store.messages.bodies([row])).map(text), ["one"], "one large message alone is allowed");
    }, { blobs: kind });
  });
}

test("batched read (database blobs): bodies beyond one IN list (500) all come back", async () => {
  await withStore(async (store) => {
    const f = await fixture(store);
    await f.fill(f.inbox, 620);
    const metas = await all(store.messages.scan(f.inbox, { batch: 1000 }));
    const got = await store.messages.bodies(metas);
    assert.equal(got.length, 620);
    got.forEach((b, i) => assert.equal(text(b), `m${i + 1}`));
  });
});
