import assert from "node:assert/strict";
import { test } from "node:test";
import { StoreError } from "../../src/store/mod.ts";
import { bytes, codeOf, withStore } from "./helpers.ts";

test("domains: add, get, list, case-insensitive and IDNA names", async () => {
  await withStore(async (store) => {
    const d = await store.domains.add("Example.TEST.");
    assert.equal(d.name, "example.test");
    assert.equal(d.enabled, true);
    assert.equal(d.catchAll, null);
    await store.domains.add("bücher.example");
    assert.deepEqual((await store.domains.list()).map((x) => x.name), ["example.test", "xn--bcher-kva.example"]);
    assert.equal((await store.domains.get("EXAMPLE.test"))?.id, d.id);
    assert.equal(await store.domains.get("other.test"), null);
  });
});

test("domains: duplicates are 'exists' naming the domain, bad names 'invalid'", async () => {
  await withStore(async (store) => {
    await store.domains.add("example.test");
    const err = await store.domains.add("EXAMPLE.test").catch((e) => e);
    assert.ok(err instanceof StoreError);
    assert.equal(err.code, "exists");
    assert.equal(err.message, "domain example.test already exists");
    for (const bad of ["", "localhost", "a..b", "-a.test", "a b.test", "x@y.test", "1.2.3.4", "a_b.test"]) {
      assert.equal(await codeOf(store.domains.add(bad)), "invalid", bad);
    }
  });
});

test("domains: remove refuses with accounts unless forced, and force removes bodies too", async () => {
  await withStore(async (store) => {
    await store.domains.add("example.test");
    await store.aliases.add("info@example.test", ["alice@example.test"]);
    const a = await store.accounts.add({ address: "alice@example.test", password: "pw" });
    const inbox = (await store.mailboxes.get(a.id, "INBOX"))!;
    const { blobId } = await store.messages.append({ mailboxId: inbox.id, blob: bytes("hello") });
    const err = await store.domains.remove("example.test").catch((e) => e);
    assert.equal(err.code, "invalid");
    assert.match(err.message, /example\.test/);
    await store.domains.remove("example.test", { force: true });
    assert.equal(await store.domains.get("example.test"), null);
    assert.equal(await store.accounts.get("alice@example.test"), null);
    assert.deepEqual(await store.aliases.list(), []);
    assert.equal(await store.blobs.get(blobId), null);
    assert.equal(await codeOf(store.domains.remove("example.test")), "not_found");
  });
});

test("domains: catch-all and enabled", async () => {
  await withStore(async (store) => {
    await store.domains.add("example.test", { catchAll: "postmaster@example.test" });
    assert.equal((await store.domains.get("example.test"))?.catchAll, "postmaster@example.test");
    await store.domains.setCatchAll("example.test", null);
    await store.domains.setEnabled("example.test", false);
    const d = await store.domains.get("example.test");
    assert.equal(d?.catchAll, null);
    assert.equal(d?.enabled, false);
    assert.equal(await codeOf(store.domains.setEnabled("nope.test", true)), "not_found");
    assert.equal(await codeOf(store.domains.setCatchAll("example.test", "not an address")), "invalid");
  });
});
