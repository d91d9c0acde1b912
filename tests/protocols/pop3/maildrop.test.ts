import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { MaildropLocks } from "../../../src/protocols/pop3/lock.ts";
import { Maildrop } from "../../../src/protocols/pop3/maildrop.ts";
import { FakeBackend } from "./fake-backend.ts";

describe("POP3 maildrop view and lock", () => {
  test("numbers, sizes, UIDLs, deletion marks and RSET", async () => {
    const backend = new FakeBackend();
    for (let i = 0; i < 100; i++) backend.deliver("alice@example.test", "x".repeat(i + 1));
    // A gap in the UIDs (expunged earlier) does not leave a gap in the message numbers.
    backend.inboxes.get(1)!.messages.delete(50);
    const identity = { accountId: 1, address: "alice@example.test" };
    const drop = await Maildrop.load(identity, await backend.open(identity));
    assert.equal(drop.count, 99);
    assert.deepEqual([drop.uid(49), drop.uid(50)], [49, 51]);
    assert.equal(drop.size(50), 51);
    assert.equal(drop.uidl(1), "1700000000.1");
    // Message uid has uid octets: 1..100 without 50.
    assert.deepEqual(drop.stat(), { count: 99, size: 5050 - 50 });
    drop.markDeleted(1);
    drop.markDeleted(1);
    drop.markDeleted(99);
    assert.deepEqual(drop.stat(), { count: 97, size: 5000 - 1 - 100 });
    assert.deepEqual(drop.deletedUids(), [1, 100]);
    assert.ok(drop.isDeleted(99) && !drop.isDeleted(98));
    drop.reset();
    assert.deepEqual(drop.deletedUids(), []);
    assert.equal(drop.stat().count, 99);
    assert.ok(!drop.exists(0) && !drop.exists(100) && drop.exists(99) && !drop.exists(1.5));
  });

  test("every UIDL is 1-70 characters of 0x21-0x7E and unique", async () => {
    const backend = new FakeBackend();
    backend.inboxes.get(1)!.uidValidity = 4294967295;
    backend.inboxes.get(1)!.uidNext = 4294967290;
    for (let i = 0; i < 5; i++) backend.deliver("alice@example.test", "x");
    const identity = { accountId: 1, address: "alice@example.test" };
    const drop = await Maildrop.load(identity, await backend.open(identity));
    const all = Array.from({ length: drop.count }, (_, i) => drop.uidl(i + 1));
    for (const u of all) assert.match(u, /^[\x21-\x7e]{1,70}$/);
    assert.equal(new Set(all).size, 5);
  });

  test("a lock is exclusive per account, released once, and reusable after", () => {
    const locks = new MaildropLocks();
    const release = locks.acquire(7)!;
    assert.ok(release);
    assert.equal(locks.acquire(7), null);
    assert.ok(locks.acquire(8), "another account is not affected");
    release();
    release();
    assert.equal(locks.isLocked(7), false);
    const again = locks.acquire(7);
    assert.ok(again);
    release(); // a stale release must not free the new holder's lock
    assert.equal(locks.isLocked(7), true);
  });
});
