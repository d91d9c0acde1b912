import assert from "node:assert/strict";
import { test } from "node:test";
import { codeOf, withStore } from "./helpers.ts";
import { all, blobFiles, count, fixture } from "./mail-fixture.ts";

test("mailboxes: status counts messages, unseen, deleted and size in the database", async () => {
  await withStore(async (store) => {
    const f = await fixture(store);
    const empty = await store.mailboxes.status(f.inbox);
    const box = (await store.mailboxes.byId(f.inbox))!;
    assert.deepEqual(empty, { messages: 0, unseen: 0, size: 0, deleted: 0, uidNext: 1, uidValidity: box.uidValidity, highestModseq: box.highestModseq });
    await f.fill(f.inbox, ["1", "22", "333", "4444", "55555"]);
    await store.messages.setFlags(f.inbox, [1, 2], "add", ["\\Seen"]);
    await store.messages.setFlags(f.inbox, [2, 5], "add", ["\\Deleted"]);
    // Keywords that merely contain the words do not count.
    await store.messages.setFlags(f.inbox, [3], "add", ["Seen", "$Deleted", "NotSeen"]);
    const s = await store.mailboxes.status(f.inbox);
    assert.deepEqual({ ...s, uidValidity: 0 }, { messages: 5, unseen: 3, size: 15, deleted: 2, uidNext: 6, uidValidity: 0, highestModseq: s.highestModseq });
    assert.equal(s.highestModseq, (await store.mailboxes.byId(f.inbox))!.highestModseq);
    assert.equal(await codeOf(store.mailboxes.status(99999)), "not_found");
  });
});

test("mailboxes: byId and setSubscribed", async () => {
  await withStore(async (store) => {
    const f = await fixture(store);
    const sent = await f.box("Sent");
    assert.equal((await store.mailboxes.byId(sent))!.name, "Sent");
    assert.equal(await store.mailboxes.byId(99999), null);
    f.events.length = 0;
    await store.mailboxes.setSubscribed(f.accountId, "Sent", false);
    assert.equal((await store.mailboxes.byId(sent))!.subscribed, false);
    await store.mailboxes.setSubscribed(f.accountId, "Sent", true);
    assert.equal((await store.mailboxes.byId(sent))!.subscribed, true);
    assert.deepEqual(f.events, [
      { kind: "mailboxes", accountId: f.accountId, op: "subscribe", mailboxIds: [sent] },
      { kind: "mailboxes", accountId: f.accountId, op: "subscribe", mailboxIds: [sent] },
    ]);
    assert.equal(await codeOf(store.mailboxes.setSubscribed(f.accountId, "Nope", true)), "not_found");
    assert.equal(await codeOf(store.mailboxes.setSubscribed(f.accountId, "Sent", "yes" as unknown as boolean)), "invalid");
  });
});

for (const kind of ["database", "files"] as const) {
  test(`mailboxes (${kind} blobs): delete removes messages, bodies and used bytes; INBOX refused; children stay`, async () => {
    await withStore(async (store, dir) => {
      const f = await fixture(store);
      const lists = await store.mailboxes.create(f.accountId, "Lists");
      const child = await store.mailboxes.create(f.accountId, "Lists/dev");
      await f.fill(lists.id, ["aaaa", "bbbb"]);
      await f.fill(child.id, ["c"]);
      await f.fill(f.inbox, ["in"]);
      const bodies = () => kind === "database" ? count(store, "blobs") : blobFiles(dir);
      assert.equal(await bodies(), 4);
      f.events.length = 0;
      await store.mailboxes.delete(f.accountId, "Lists");
      assert.equal(await store.mailboxes.get(f.accountId, "Lists"), null);
      assert.ok(await store.mailboxes.get(f.accountId, "Lists/dev"), "children are kept");
      assert.equal(await count(store, "messages", `mailbox_id = ${lists.id}`), 0);
      assert.equal(await bodies(), 2);
      assert.equal((await store.accounts.get("alice@example.test"))!.usedBytes, 3);
      assert.deepEqual(f.events, [{ kind: "mailboxes", accountId: f.accountId, op: "delete", mailboxIds: [lists.id] }]);
      assert.equal(await codeOf(store.mailboxes.delete(f.accountId, "inbox")), "invalid");
      assert.equal(await codeOf(store.mailboxes.delete(f.accountId, "Lists")), "not_found");
      // A new mailbox of the same name is a new mailbox: new UIDVALIDITY, UIDs from 1.
      const again = await store.mailboxes.create(f.accountId, "Lists");
      assert.ok(again.uidValidity > lists.uidValidity);
      assert.deepEqual(await f.fill(again.id, 1), [1]);
    }, { blobs: kind });
  });
}

test("mailboxes: rename moves the children, keeps ids, UIDVALIDITY and messages", async () => {
  await withStore(async (store) => {
    const f = await fixture(store);
    const a = await store.mailboxes.create(f.accountId, "a");
    const ax = await store.mailboxes.create(f.accountId, "a/x");
    const axy = await store.mailboxes.create(f.accountId, "a/x/y");
    const ab = await store.mailboxes.create(f.accountId, "ab"); // a sibling sharing the prefix, not a child
    await f.fill(ax.id, 2);
    f.events.length = 0;
    await store.mailboxes.rename(f.accountId, "a", "b/c");
    const names = new Map((await store.mailboxes.list(f.accountId)).map((m) => [m.id, m]));
    assert.equal(names.get(a.id)!.name, "b/c");
    assert.equal(names.get(ax.id)!.name, "b/c/x");
    assert.equal(names.get(axy.id)!.name, "b/c/x/y");
    assert.equal(names.get(ab.id)!.name, "ab");
    assert.equal(names.get(ax.id)!.uidValidity, ax.uidValidity);
    assert.deepEqual(await store.messages.uids(ax.id), [1, 2]);
    assert.deepEqual(f.events, [{ kind: "mailboxes", accountId: f.accountId, op: "rename", mailboxIds: [a.id, ax.id, axy.id] }]);

    // "x/y" -> "x" where "x/y/y" exists: names swap within the renamed set without colliding.
    const xy = await store.mailboxes.create(f.accountId, "x/y");
    const xyy = await store.mailboxes.create(f.accountId, "x/y/y");
    await store.mailboxes.rename(f.accountId, "x/y", "x");
    assert.equal((await store.mailboxes.byId(xy.id))!.name, "x");
    assert.equal((await store.mailboxes.byId(xyy.id))!.name, "x/y");

    assert.equal(await codeOf(store.mailboxes.rename(f.accountId, "nope", "z")), "not_found");
    assert.equal(await codeOf(store.mailboxes.rename(f.accountId, "b/c", "ab")), "exists");
    assert.equal(await codeOf(store.mailboxes.rename(f.accountId, "b/c", "b/c")), "exists");
    assert.equal(await codeOf(store.mailboxes.rename(f.accountId, "b/c", "Inbox")), "exists");
    assert.equal(await codeOf(store.mailboxes.rename(f.accountId, "b/c", "b/c/sub")), "invalid");
    assert.equal(await codeOf(store.mailboxes.rename(f.accountId, "b/c", "")), "invalid");
    // A child whose new name would clash refuses the whole rename.
    await store.mailboxes.create(f.accountId, "d/x");
    assert.equal(await codeOf(store.mailboxes.rename(f.accountId, "b/c", "d")), "exists");
    assert.equal((await store.mailboxes.byId(a.id))!.name, "b/c");
    assert.equal((await store.mailboxes.byId(ax.id))!.name, "b/c/x");
  });
});

test("mailboxes: renaming INBOX moves its messages to a new mailbox (new UIDVALIDITY, UIDs from 1) and leaves INBOX empty", async () => {
  await withStore(async (store) => {
    const f = await fixture(store);
    const child = await store.mailboxes.create(f.accountId, "INBOX/kept");
    await f.fill(f.inbox, ["one", "two", "three"]);
    await store.messages.expunge(f.inbox, [1]);
    await store.messages.setFlags(f.inbox, [3], "add", ["\\Seen"]);
    const inbox0 = (await store.mailboxes.byId(f.inbox))!;
    const used = (await store.accounts.get("alice@example.test"))!.usedBytes;
    f.events.length = 0;

    await store.mailboxes.rename(f.accountId, "inbox", "Old Mail");
    const old = (await store.mailboxes.get(f.accountId, "Old Mail"))!;
    assert.ok(old.uidValidity > inbox0.uidValidity);
    const moved = await all(store.messages.scan(old.id));
    assert.deepEqual(moved.map((m) => [m.uid, m.flags]), [[1, []], [2, ["\\Seen"]]]);
    assert.equal(new TextDecoder().decode((await store.messages.body(old.id, 2))!), "three");
    const inbox = (await store.mailboxes.byId(f.inbox))!;
    assert.equal(inbox.name, "INBOX");
    assert.equal(inbox.uidValidity, inbox0.uidValidity);
    assert.equal(inbox.uidNext, inbox0.uidNext, "INBOX keeps counting its own UIDs");
    assert.deepEqual(await store.messages.uids(f.inbox), []);
    assert.deepEqual(await store.messages.vanishedSince(f.inbox, inbox0.highestModseq), [2, 3]);
    assert.equal((await store.mailboxes.byId(child.id))!.name, "INBOX/kept", "INBOX's children are not renamed");
    assert.equal((await store.accounts.get("alice@example.test"))!.usedBytes, used);
    assert.deepEqual(f.events.map((e) => e.kind), ["append", "expunge", "mailboxes"]);
    assert.deepEqual(f.events[2], { kind: "mailboxes", accountId: f.accountId, op: "rename", mailboxIds: [f.inbox, old.id] });
    // New mail keeps arriving in INBOX.
    assert.deepEqual(await f.fill(f.inbox, 1), [inbox0.uidNext]);
    assert.equal(await codeOf(store.mailboxes.rename(f.accountId, "INBOX", "Old Mail")), "exists");
    await store.messages.expunge(f.inbox, [inbox0.uidNext]);
    await store.mailboxes.rename(f.accountId, "INBOX", "Empty");
    assert.deepEqual(await store.messages.uids((await store.mailboxes.get(f.accountId, "Empty"))!.id), []);
  });
});
