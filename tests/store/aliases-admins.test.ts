import assert from "node:assert/strict";
import { test } from "node:test";
import { codeOf, withStore } from "./helpers.ts";

test("aliases: add, list, get, remove, catch-all", async () => {
  await withStore(async (store) => {
    await store.domains.add("example.test");
    await store.domains.add("other.test");
    const a = await store.aliases.add("Info@EXAMPLE.test", ["alice@example.test", "bob@elsewhere.test", "alice@EXAMPLE.test"]);
    assert.equal(a.source, "Info@example.test");
    assert.deepEqual(a.destinations, ["alice@example.test", "bob@elsewhere.test"]);
    await store.aliases.add("@other.test", ["postmaster@example.test"]);
    assert.deepEqual((await store.aliases.list()).map((x) => x.source), ["@other.test", "Info@example.test"]);
    assert.deepEqual((await store.aliases.list("other.test")).map((x) => x.destinations), [["postmaster@example.test"]]);
    assert.equal((await store.aliases.get("info@example.test"))?.domain, "example.test");
    assert.equal(await codeOf(store.aliases.add("INFO@example.test", ["x@y.test"])), "exists");
    assert.equal(await codeOf(store.aliases.add("x@nowhere.test", ["x@y.test"])), "not_found");
    assert.equal(await codeOf(store.aliases.add("x@example.test", [])), "invalid");
    assert.equal(await codeOf(store.aliases.add("x@example.test", ["bad address"])), "invalid");
    await store.accounts.add({ address: "carol@example.test", password: "pw" });
    assert.equal(await codeOf(store.aliases.add("carol@example.test", ["x@y.test"])), "exists");
    await store.aliases.remove("info@example.test");
    assert.equal(await store.aliases.get("info@example.test"), null);
    const err = await store.aliases.remove("info@example.test").catch((e) => e);
    assert.equal(err.code, "not_found");
    assert.equal(err.message, "alias info@example.test not found");
  });
});

test("admins: setPassword creates then replaces; verify; list has no hashes", async () => {
  await withStore(async (store) => {
    assert.deepEqual(await store.admins.list(), []);
    await store.admins.setPassword("admin", "one");
    await store.admins.setPassword("ops", "x");
    assert.equal((await store.admins.verify("admin", "one"))?.name, "admin");
    assert.equal(await store.admins.verify("admin", "two"), null);
    assert.equal(await store.admins.verify("nobody", "one"), null);
    await store.admins.setPassword("admin", "two");
    assert.equal(await store.admins.verify("admin", "one"), null);
    assert.ok(await store.admins.verify("admin", "two"));
    const list = await store.admins.list();
    assert.deepEqual(list.map((a) => a.name), ["admin", "ops"]);
    assert.deepEqual(Object.keys(list[0]).sort(), ["createdAt", "id", "name"]);
    assert.equal(await codeOf(store.admins.setPassword("bad name", "x")), "invalid");
    assert.equal(await codeOf(store.admins.setPassword("admin", "")), "invalid");
    await store.admins.remove("ops");
    assert.equal(await codeOf(store.admins.remove("ops")), "not_found");
  });
});
