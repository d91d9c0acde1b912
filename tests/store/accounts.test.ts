import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_MAILBOXES } from "../../src/store/mod.ts";
import { codeOf, withStore } from "./helpers.ts";

test("accounts: add lower-cases the domain and creates the default mailboxes", async () => {
  await withStore(async (store) => {
    await store.domains.add("example.test");
    const a = await store.accounts.add({ address: "Alice@EXAMPLE.test", password: "pw", quota: 1000 });
    assert.equal(a.address, "Alice@example.test");
    assert.equal(a.domain, "example.test");
    assert.equal(a.quota, 1000);
    assert.equal(a.usedBytes, 0);
    assert.equal(a.enabled, true);
    assert.equal((a as unknown as Record<string, unknown>).passwordHash, undefined);
    const boxes = await store.mailboxes.list(a.id);
    assert.deepEqual(boxes.map((b) => b.name), ["INBOX", "Archive", "Drafts", "Junk", "Sent", "Trash"]);
    for (const d of DEFAULT_MAILBOXES) assert.equal(boxes.find((b) => b.name === d.name)?.specialUse, d.specialUse);
    const validities = boxes.map((b) => b.uidValidity);
    assert.equal(new Set(validities).size, validities.length, "UIDVALIDITY differs per mailbox");
    for (const b of boxes) {
      assert.ok(b.uidValidity > 0 && b.uidValidity < 2 ** 32);
      assert.equal(b.uidNext, 1);
      assert.equal(b.subscribed, true);
    }
  });
});

test("accounts: lookups ignore case; duplicates, unknown domains and aliases are refused", async () => {
  await withStore(async (store) => {
    await store.domains.add("example.test");
    await store.accounts.add({ address: "alice@example.test", password: "pw" });
    assert.equal((await store.accounts.get("ALICE@Example.Test"))?.localPart, "alice");
    const err = await store.accounts.add({ address: "ALICE@example.test", password: "pw" }).catch((e) => e);
    assert.equal(err.code, "exists");
    assert.match(err.message, /alice@example\.test/i);
    const nf = await store.accounts.add({ address: "bob@other.test", password: "pw" }).catch((e) => e);
    assert.equal(nf.code, "not_found");
    assert.equal(nf.message, "domain other.test not found");
    await store.aliases.add("info@example.test", ["alice@example.test"]);
    assert.equal(await codeOf(store.accounts.add({ address: "info@example.test", password: "pw" })), "exists");
    for (const bad of ["nobody", "@example.test", "a b@example.test", "a..b@example.test", "x@"]) {
      assert.equal(await codeOf(store.accounts.add({ address: bad, password: "pw" })), "invalid", bad);
    }
    assert.equal(await codeOf(store.accounts.add({ address: "c@example.test", password: "" })), "invalid");
    assert.equal(await codeOf(store.accounts.add({ address: "c@example.test", password: "pw", quota: -1 })), "invalid");
  });
});

test("accounts: list by domain, remove", async () => {
  await withStore(async (store) => {
    await store.domains.add("a.test");
    await store.domains.add("b.test");
    await store.accounts.add({ address: "x@b.test", password: "pw" });
    await store.accounts.add({ address: "y@a.test", password: "pw" });
    await store.accounts.add({ address: "x@a.test", password: "pw" });
    assert.deepEqual((await store.accounts.list()).map((a) => a.address), ["x@a.test", "y@a.test", "x@b.test"]);
    assert.deepEqual((await store.accounts.list("B.test")).map((a) => a.address), ["x@b.test"]);
    const y = (await store.accounts.get("y@a.test"))!;
    await store.accounts.remove("Y@a.test");
    assert.equal(await store.accounts.get("y@a.test"), null);
    assert.deepEqual(await store.mailboxes.list(y.id), []);
    assert.equal(await codeOf(store.accounts.remove("y@a.test")), "not_found");
  });
});

test("accounts: verify and setPassword", async () => {
  await withStore(async (store) => {
    await store.domains.add("example.test");
    await store.accounts.add({ address: "alice@example.test", password: "one" });
    assert.equal((await store.accounts.verify("ALICE@example.test", "one"))?.address, "alice@example.test");
    assert.equal(await store.accounts.verify("alice@example.test", "two"), null);
    assert.equal(await store.accounts.verify("nobody@example.test", "one"), null);
    assert.equal(await store.accounts.verify("not an address", "one"), null);
    await store.accounts.setPassword("alice@example.test", "two");
    assert.equal(await store.accounts.verify("alice@example.test", "one"), null);
    assert.ok(await store.accounts.verify("alice@example.test", "two"));
    assert.equal(await codeOf(store.accounts.setPassword("nobody@example.test", "x")), "not_found");
    await store.accounts.setEnabled("alice@example.test", false);
    assert.equal(await store.accounts.verify("alice@example.test", "two"), null);
    await store.accounts.setEnabled("alice@example.test", true);
    await store.domains.setEnabled("example.test", false);
    assert.equal(await store.accounts.verify("alice@example.test", "two"), null);
  });
});

test("accounts: stored hashes are argon2id PHC strings, never the password", async () => {
  await withStore(async (store) => {
    await store.domains.add("example.test");
    await store.accounts.add({ address: "alice@example.test", password: "hunter2" });
    const { rows } = await store.client.execute("SELECT password_hash FROM accounts");
    assert.match(String(rows[0].password_hash), /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
  });
});
