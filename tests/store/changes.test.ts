import assert from "node:assert/strict";
import { test } from "node:test";
import { ChangeFeed } from "../../src/store/changes.ts";
import { stageBlob, type MailChange } from "../../src/store/mod.ts";
import { bytes, withStore } from "./helpers.ts";
import { fixture } from "./mail-fixture.ts";

test("changes: the feed routes by mailbox and account, once per listener, and survives a throwing listener", () => {
  const feed = new ChangeFeed();
  const got: string[] = [];
  const offBox = feed.watchMailbox(10, (c) => got.push(`box10:${c.kind}`));
  feed.watchMailbox(11, (c) => got.push(`box11:${c.kind}`));
  feed.watchAccount(1, () => {
    throw new Error("listener bug");
  });
  const both = (c: MailChange) => got.push(`both:${c.kind}`);
  feed.watchAccount(1, both);
  feed.watchMailbox(10, both);
  feed.publish({ kind: "append", accountId: 1, mailboxId: 10, uids: [1], modseq: 2 });
  assert.deepEqual(got.sort(), ["both:append", "box10:append"]);
  got.length = 0;
  feed.publish({ kind: "mailboxes", accountId: 1, op: "delete", mailboxIds: [11] });
  assert.deepEqual(got.sort(), ["both:mailboxes", "box11:mailboxes"]);
  got.length = 0;
  feed.publish({ kind: "mailboxes", accountId: 1 });
  assert.deepEqual(got, ["both:mailboxes"]);
  got.length = 0;
  offBox();
  feed.publish({ kind: "expunge", accountId: 2, mailboxId: 10, uids: [1], modseq: 3 });
  assert.deepEqual(got, ["both:expunge"]);
});

test("changes: an event is published only after its write is visible to other connections", async () => {
  await withStore(async (store) => {
    const f = await fixture(store);
    const checks: Promise<void>[] = [];
    store.changes.watchMailbox(f.inbox, (c) => {
      if (c.kind !== "append") return;
      // A read on another pooled connection sees only committed data.
      checks.push(store.messages.uids(f.inbox).then((uids) => assert.ok(c.uids.every((u) => uids.includes(u)), `uids ${c.uids} committed`)));
    });
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.messages.append({ mailboxId: f.inbox, blob: bytes(`m${i}`) })));
    assert.equal(checks.length, 10);
    await Promise.all(checks);
  });
});

test("changes: appends through appendIn in store.write (as SMTP delivery does) publish after commit; a failing neighbour in the same batch publishes nothing", async () => {
  await withStore(async (store) => {
    const alice = await fixture(store);
    const bob = await fixture(store, { address: "bob@example.test", quota: 5 });
    const carol = await fixture(store, { address: "carol@example.test" });
    const deliver = async (mailboxId: number, text: string, after?: () => void) => {
      const body = await stageBlob(store.blobs, bytes(text));
      try {
        return await store.write(async (tx) => {
          const a = await store.messages.appendIn(tx, { mailboxId, body });
          after?.();
          return a.uid;
        });
      } catch (e) {
        await body.discard();
        throw e;
      }
    };
    let commits = 0;
    const original = store.db.transaction.bind(store.db);
    (store.db as { transaction: typeof original }).transaction = ((fn, cfg) => {
      commits++;
      return original(fn, cfg);
    }) as typeof original;
    // The writer waits one event-loop turn before committing, so the five writes (queued in the
    // same turn) share a transaction, or at most the first runs alone: either way the failing
    // ones roll back beside neighbours that commit.
    const results = await Promise.allSettled([
      deliver(alice.inbox, "first"),
      deliver(alice.inbox, "second"),
      deliver(bob.inbox, "far too big for bob"), // over quota: its savepoint rolls back
      deliver(carol.inbox, "third"),
      deliver(carol.inbox, "rolled back", () => {
        throw new Error("queue entry failed after the append");
      }),
    ]);
    assert.deepEqual(results.map((r) => r.status), ["fulfilled", "fulfilled", "rejected", "fulfilled", "rejected"]);
    assert.ok(commits === 1 || commits === 2, `the writes shared a transaction (${commits} transactions for 5 writes)`);
    assert.deepEqual(alice.events, [
      { kind: "append", accountId: alice.accountId, mailboxId: alice.inbox, uids: [1], modseq: alice.events[0]?.kind === "append" ? alice.events[0].modseq : -1 },
      { kind: "append", accountId: alice.accountId, mailboxId: alice.inbox, uids: [2], modseq: alice.events[1]?.kind === "append" ? alice.events[1].modseq : -1 },
    ]);
    assert.deepEqual(bob.events, []);
    assert.deepEqual(carol.events.map((e) => e.kind === "append" && e.uids), [[1]]);
    assert.deepEqual(await store.messages.uids(carol.inbox), [1]);
    assert.deepEqual(await store.messages.uids(bob.inbox), []);
  });
});

test("changes: every kind of write publishes its change to the mailbox's watchers", async () => {
  await withStore(async (store) => {
    const f = await fixture(store);
    const seen: string[] = [];
    store.changes.watchMailbox(f.inbox, (c) => seen.push(c.kind));
    await f.fill(f.inbox, 3);
    await store.messages.setFlags(f.inbox, [1], "add", ["\\Seen"]);
    await store.messages.expunge(f.inbox, [1]);
    await store.messages.copy(f.inbox, [2], f.inbox);
    await store.messages.move(f.inbox, [3], await f.box("Trash"));
    await store.mailboxes.setSubscribed(f.accountId, "INBOX", false);
    assert.deepEqual(seen, ["append", "append", "append", "flags", "expunge", "append", "expunge", "mailboxes"]);
    const created = await store.mailboxes.create(f.accountId, "New");
    assert.deepEqual(f.events.at(-1), { kind: "mailboxes", accountId: f.accountId, op: "create", mailboxIds: [created.id] });
  });
});

test("changes: removing an account or a domain (force) tells the account's watchers its mailboxes are gone", async () => {
  await withStore(async (store) => {
    const alice = await fixture(store);
    const bob = await fixture(store, { address: "bob@example.test" });
    const carol = await fixture(store, { address: "carol@other.test" });
    const heard: MailChange[] = [];
    store.changes.watchMailbox(alice.inbox, (c) => heard.push(c));
    await store.accounts.remove("alice@example.test");
    const boxesOf = (e: MailChange | undefined) => e?.kind === "mailboxes" ? e.mailboxIds?.length : -1;
    assert.equal(alice.events.at(-1)?.kind, "mailboxes");
    assert.equal(boxesOf(alice.events.at(-1)), 6);
    assert.deepEqual(heard.map((c) => c.kind), ["mailboxes"], "the INBOX watcher hears it too");
    await store.domains.remove("example.test", { force: true });
    assert.equal(boxesOf(bob.events.at(-1)), 6);
    assert.equal(carol.events.length, 0);
  });
});
