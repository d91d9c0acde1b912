import assert from "node:assert/strict";
import { test } from "node:test";
import { codeOf, withStore } from "./helpers.ts";
import { fixture } from "./mail-fixture.ts";

test("setFlags: add, remove, replace; one new modseq for all really-changed messages; HIGHESTMODSEQ follows", async () => {
  await withStore(async (store) => {
    const f = await fixture(store);
    await f.fill(f.inbox, 4);
    await store.messages.setFlags(f.inbox, [1], "add", ["\\Seen"]);
    const h0 = (await store.mailboxes.status(f.inbox)).highestModseq;
    f.events.length = 0;

    const r = await store.messages.setFlags(f.inbox, [1, 2, 3, 99], "add", ["\\seen", "$Work"]);
    assert.equal(r.highestModseq, h0 + 1);
    assert.deepEqual(r.changed, [
      { uid: 1, flags: ["\\Seen", "$Work"], modseq: h0 + 1 },
      { uid: 2, flags: ["\\Seen", "$Work"], modseq: h0 + 1 },
      { uid: 3, flags: ["\\Seen", "$Work"], modseq: h0 + 1 },
    ]);
    assert.deepEqual(r.modified, []);
    assert.equal((await store.mailboxes.status(f.inbox)).highestModseq, h0 + 1);
    assert.equal((await store.messages.get(f.inbox, 4))!.modseq < h0, true, "untouched message keeps its modseq");
    assert.deepEqual(f.events, [{ kind: "flags", accountId: f.accountId, mailboxId: f.inbox, changed: r.changed, modseq: h0 + 1 }]);

    // Only messages whose set really changes get the new modseq.
    const rm = await store.messages.setFlags(f.inbox, [1, 4], "remove", ["$WORK"]);
    assert.deepEqual(rm.changed, [{ uid: 1, flags: ["\\Seen"], modseq: h0 + 2 }]);
    assert.equal((await store.messages.get(f.inbox, 4))!.modseq < h0, true);

    const rep = await store.messages.setFlags(f.inbox, [1, 2, 3, 4], "replace", ["\\Seen", "$Work"]);
    assert.deepEqual(rep.changed.map((c) => c.uid), [1, 4], "2 and 3 already had exactly these");
    assert.deepEqual((await store.messages.get(f.inbox, 4))!.flags, ["\\Seen", "$Work"]);

    // Nothing changes: no modseq, no event.
    const before = f.events.length;
    const none = await store.messages.setFlags(f.inbox, [1, 2], "add", ["\\Seen"]);
    assert.deepEqual(none, { changed: [], modified: [], highestModseq: h0 + 3 });
    assert.equal(f.events.length, before);
    assert.deepEqual(await store.messages.setFlags(f.inbox, [], "add", ["\\Seen"]), { changed: [], modified: [], highestModseq: h0 + 3 });
  });
});

test("setFlags: UNCHANGEDSINCE leaves messages changed since alone and reports them in MODIFIED (RFC 7162 3.1.3)", async () => {
  await withStore(async (store) => {
    const f = await fixture(store);
    await f.fill(f.inbox, 3);
    const base = (await store.mailboxes.status(f.inbox)).highestModseq;
    await store.messages.setFlags(f.inbox, [2], "add", ["$Other"]);
    const r = await store.messages.setFlags(f.inbox, [1, 2, 3], "add", ["\\Deleted"], { unchangedSince: base });
    assert.deepEqual(r.modified, [2]);
    assert.deepEqual(r.changed.map((c) => c.uid), [1, 3]);
    assert.deepEqual((await store.messages.get(f.inbox, 2))!.flags, ["$Other"]);
    // A message already carrying the flags but changed since is still reported.
    const again = await store.messages.setFlags(f.inbox, [1, 3], "add", ["\\Deleted"], { unchangedSince: base });
    assert.deepEqual(again, { changed: [], modified: [1, 3], highestModseq: r.highestModseq });
    const zero = await store.messages.setFlags(f.inbox, [1, 2, 3], "remove", ["\\Deleted"], { unchangedSince: 0 });
    assert.deepEqual(zero.modified, [1, 2, 3]);
    assert.deepEqual(zero.changed, []);
  });
});

test("setFlags: bad input is refused before anything is written", async () => {
  await withStore(async (store) => {
    const f = await fixture(store);
    await f.fill(f.inbox, 1);
    const h = (await store.mailboxes.status(f.inbox)).highestModseq;
    assert.throws(() => store.messages.setFlags(f.inbox, [1], "add", ["bad flag"]), (e: { code?: string }) => e.code === "invalid");
    assert.throws(() => store.messages.setFlags(f.inbox, [1], "toggle" as "add", ["\\Seen"]), (e: { code?: string }) => e.code === "invalid");
    assert.throws(() => store.messages.setFlags(f.inbox, [0], "add", ["\\Seen"]), (e: { code?: string }) => e.code === "invalid");
    assert.throws(() => store.messages.setFlags(f.inbox, [1], "add", ["\\Seen"], { unchangedSince: -5 }), (e: { code?: string }) => e.code === "invalid");
    assert.equal(await codeOf(store.messages.setFlags(99999, [1], "add", ["\\Seen"])), "not_found");
    assert.equal((await store.mailboxes.status(f.inbox)).highestModseq, h);
  });
});

test("setFlags: mixed flag sets over a large UID set are grouped and all land", async () => {
  await withStore(async (store) => {
    const f = await fixture(store);
    const uids: number[] = [];
    await store.write(async (tx) => {
      const { stageBlob } = await import("../../src/store/mod.ts");
      for (let i = 0; i < 1200; i++) {
        const body = await stageBlob(store.blobs, new Uint8Array([120]));
        uids.push((await store.messages.appendIn(tx, { mailboxId: f.inbox, body, flags: i % 3 === 0 ? ["\\Seen"] : i % 3 === 1 ? ["$A"] : [] })).uid);
      }
    });
    const target = uids.filter((u) => u % 7 !== 0);
    const r = await store.messages.setFlags(f.inbox, target, "add", ["\\Flagged"]);
    assert.equal(r.changed.length, target.length);
    assert.ok(r.changed.every((c, i) => c.uid === target[i] && c.flags.includes("\\Flagged") && c.modseq === r.highestModseq));
    const flagged = (await store.messages.list(f.inbox)).filter((m) => m.flags.includes("\\Flagged")).map((m) => m.uid);
    assert.deepEqual(flagged, target);
    const seenStill = (await store.messages.list(f.inbox)).filter((m) => m.flags.includes("\\Seen")).length;
    assert.equal(seenStill, 400);
  });
});
