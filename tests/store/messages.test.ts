import assert from "node:assert/strict";
import { test } from "node:test";
import type { Store } from "../../src/store/mod.ts";
import { bytes, codeOf, text, withStore } from "./helpers.ts";

async function inboxOf(store: Store, quota?: number) {
  await store.domains.add("example.test");
  const a = await store.accounts.add({ address: "alice@example.test", password: "pw", quota });
  return (await store.mailboxes.get(a.id, "INBOX"))!;
}

for (const kind of ["database", "files"] as const) {
  test(`messages (${kind} blobs): append allocates UIDs and MODSEQs, charges used bytes, stores the body`, async () => {
    await withStore(async (store) => {
      const inbox = await inboxOf(store);
      const when = new Date("2026-01-02T03:04:05Z");
      const first = await store.messages.append({ mailboxId: inbox.id, blob: bytes("Subject: one\r\n\r\nbody\r\n"), flags: ["\\Seen", "$Label", "\\Seen"], internalDate: when });
      assert.equal(first.uid, 1);
      const second = await store.messages.append({ mailboxId: inbox.id, blob: bytes("two") });
      assert.equal(second.uid, 2);
      assert.ok(second.modseq > first.modseq);
      const list = await store.messages.list(inbox.id);
      assert.deepEqual(list.map((m) => m.uid), [1, 2]);
      assert.deepEqual(list[0].flags, ["\\Seen", "$Label"]);
      assert.equal(list[0].internalDate.getTime(), when.getTime());
      assert.equal(list[0].size, 22);
      assert.equal(list[0].summary, null);
      assert.equal(text(await store.blobs.get(list[0].blobId)), "Subject: one\r\n\r\nbody\r\n");
      assert.equal((await store.accounts.get("alice@example.test"))?.usedBytes, 25);
      const box = (await store.mailboxes.get(inbox.accountId, "INBOX"))!;
      assert.equal(box.uidNext, 3);
      assert.equal(box.highestModseq, second.modseq);
      assert.equal((await store.messages.get(inbox.id, 2))?.blobId, second.blobId);
      assert.equal(store.blobs.kind, kind);
    }, { blobs: kind });
  });

  test(`messages (${kind} blobs): concurrent appends get distinct, gapless UIDs`, async () => {
    await withStore(async (store) => {
      const inbox = await inboxOf(store);
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => store.messages.append({ mailboxId: inbox.id, blob: bytes(`m${i}`) })));
      assert.deepEqual(results.map((r) => r.uid).sort((a, b) => a - b), Array.from({ length: 40 }, (_, i) => i + 1));
      assert.equal(new Set(results.map((r) => r.modseq)).size, 40);
      for (const [i, r] of results.entries()) assert.equal(text(await store.blobs.get(r.blobId)), `m${i}`);
    }, { blobs: kind });
  });

  test(`messages (${kind} blobs): quota, unknown mailbox and bad flags are refused without leftovers`, async () => {
    await withStore(async (store) => {
      const inbox = await inboxOf(store, 10);
      await store.messages.append({ mailboxId: inbox.id, blob: bytes("12345678") });
      const err = await store.messages.append({ mailboxId: inbox.id, blob: bytes("123") }).catch((e) => e);
      assert.equal(err.code, "over_quota");
      assert.equal(await codeOf(store.messages.append({ mailboxId: 9999, blob: bytes("x") })), "not_found");
      assert.equal(await codeOf(store.messages.append({ mailboxId: inbox.id, blob: bytes("x"), flags: ["bad flag"] })), "invalid");
      const box = (await store.mailboxes.get(inbox.accountId, "INBOX"))!;
      assert.equal(box.uidNext, 2, "a refused append allocates no UID");
      assert.equal((await store.accounts.get("alice@example.test"))?.usedBytes, 8);
      const next = await store.messages.append({ mailboxId: inbox.id, blob: bytes("12") });
      assert.equal(next.uid, 2);
      const { rows } = await store.client.execute("SELECT count(*) AS n FROM blobs");
      assert.equal(Number(rows[0].n), kind === "database" ? 2 : 0);
    }, { blobs: kind });
  });
}

test("mailboxes: get is case-insensitive for INBOX only; create gives a fresh UIDVALIDITY", async () => {
  await withStore(async (store) => {
    const inbox = await inboxOf(store);
    assert.equal((await store.mailboxes.get(inbox.accountId, "inbox"))?.id, inbox.id);
    assert.equal(await store.mailboxes.get(inbox.accountId, "sent"), null);
    const lists = await store.mailboxes.create(inbox.accountId, "Lists/wrenmail");
    const all = await store.mailboxes.list(inbox.accountId);
    assert.ok(all.every((b) => b.id === lists.id || b.uidValidity < lists.uidValidity));
    assert.equal(await codeOf(store.mailboxes.create(inbox.accountId, "Lists/wrenmail")), "exists");
    assert.equal(await codeOf(store.mailboxes.create(9999, "X")), "not_found");
    assert.equal(await codeOf(store.mailboxes.create(inbox.accountId, "X", { specialUse: "\\Bogus" })), "invalid");
  });
});
