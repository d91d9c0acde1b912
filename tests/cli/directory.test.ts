import { describe, test, after, before } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { wrenmail } from "../helpers/spawn.ts";
import { openStore } from "../../src/store/mod.ts";

describe("wrenmail domain/user/alias/admin", () => {
  let data: string;
  const cli = (args: string[], input?: string) => wrenmail([...args, "--data", data], { input });
  before(async () => {
    data = await mkdtemp(join(tmpdir(), "wrenmail-cli-"));
  });
  after(async () => {
    await rm(data, { recursive: true, force: true });
  });

  test("domains: add, list, duplicate refused, remove", async () => {
    assert.equal((await cli(["domain", "add", "Example.TEST"])).code, 0);
    assert.equal((await cli(["domain", "add", "other.test"])).code, 0);
    const dup = await cli(["domain", "add", "example.test"]);
    assert.equal(dup.code, 1);
    assert.match(dup.stderr, /example\.test.*exists/);
    assert.deepEqual((await cli(["domain", "list"])).stdout.trim().split("\n").sort(), ["example.test", "other.test"]);
    assert.equal((await cli(["domain", "remove", "other.test"])).code, 0);
    assert.deepEqual((await cli(["domain", "list"])).stdout.trim().split("\n"), ["example.test"]);
  });

  test("users: password from stdin, list with quota, passwd, remove; unknown domain refused", async () => {
    const add = await cli(["user", "add", "alice@example.test", "--password-stdin", "--quota", "500M"], "s3cret-one\n");
    assert.equal(add.code, 0, add.stderr);
    const noPw = await cli(["user", "add", "bob@example.test"]);
    assert.equal(noPw.code, 2);
    assert.match(noPw.stderr, /--password-stdin/);
    const empty = await cli(["user", "add", "bob@example.test", "--password-stdin"], "");
    assert.equal(empty.code, 2);
    const nodomain = await cli(["user", "add", "carol@nowhere.test", "--password-stdin"], "pw\n");
    assert.equal(nodomain.code, 1);
    assert.match(nodomain.stderr, /nowhere\.test/);
    const list = await cli(["user", "list"]);
    assert.match(list.stdout, /^alice@example\.test\tquota 500M\tused 0B$/m);

    let store = await openStore({ url: `file:${join(data, "wrenmail.db")}`, dataDir: data });
    assert.ok(await store.accounts.verify("alice@example.test", "s3cret-one"));
    await store.close();
    assert.equal((await cli(["user", "passwd", "alice@example.test", "--password-stdin"], "s3cret-two\n")).code, 0);
    store = await openStore({ url: `file:${join(data, "wrenmail.db")}`, dataDir: data });
    assert.equal(await store.accounts.verify("alice@example.test", "s3cret-one"), null);
    assert.ok(await store.accounts.verify("alice@example.test", "s3cret-two"));
    await store.close();

    assert.equal((await cli(["user", "remove", "alice@example.test"])).code, 0);
    assert.equal((await cli(["user", "list"])).stdout.trim(), "");
  });

  test("aliases: add with several destinations, list, remove", async () => {
    assert.equal((await cli(["alias", "add", "team@example.test", "a@example.test", "b@elsewhere.test"])).code, 0);
    assert.match((await cli(["alias", "list"])).stdout, /^team@example\.test\ta@example\.test, b@elsewhere\.test$/m);
    assert.equal((await cli(["alias", "remove", "team@example.test"])).code, 0);
    assert.equal((await cli(["alias", "list"])).stdout.trim(), "");
  });

  test("admin passwd sets the named administrator's password (default admin)", async () => {
    assert.equal((await cli(["admin", "passwd", "--password-stdin"], "admin-pw-1\n")).code, 0);
    assert.equal((await cli(["admin", "passwd", "ops", "--password-stdin"], "ops-pw-1\n")).code, 0);
    const store = await openStore({ url: `file:${join(data, "wrenmail.db")}`, dataDir: data });
    try {
      assert.ok(await store.admins.verify("admin", "admin-pw-1"));
      assert.ok(await store.admins.verify("ops", "ops-pw-1"));
      assert.ok(!(await store.admins.verify("ops", "admin-pw-1")));
    } finally {
      await store.close();
    }
  });

  test("usage errors exit 2 with a hint", async () => {
    const r = await cli(["frobnicate"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command "frobnicate"/);
    const bad = await cli(["domain", "add"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /usage: wrenmail domain add NAME/);
  });
});
