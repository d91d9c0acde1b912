/** The admin API's domains, accounts and aliases: what the console's directory screens call. */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { expand } from "../../../src/mail/expand.ts";
import { harness, type Harness } from "./harness.ts";

describe("admin API: domains, accounts, aliases", () => {
  let h: Harness;
  before(async () => {
    h = await harness();
  });
  after(() => h.close());

  const messages = async () => {
    await h.log.flush();
    return (await h.store.log.query({ limit: 50 })).map((e) => e.message);
  };

  test("domains: add (201), list with counts, one bad field per issue, duplicate 409, unknown 404", async () => {
    const r = await h.call("POST", "/api/domains", { body: { name: "Example.TEST" } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.deepEqual({ ...r.body.domain, createdAt: undefined }, { name: "example.test", catchAll: null, enabled: true, accounts: 0, aliases: 0, createdAt: undefined });
    assert.equal((await h.call("POST", "/api/domains", { body: { name: "example.test" } })).status, 409);
    const bad = await h.call("POST", "/api/domains", { body: { name: "no spaces.test", catchAll: "not an address" } });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.issues.map((i: { path: string }) => i.path), ["name"]);
    const badCatch = await h.call("POST", "/api/domains", { body: { name: "other.test", catchAll: "not an address" } });
    assert.deepEqual(badCatch.body.issues.map((i: { path: string }) => i.path), ["catchAll"]);
    assert.equal((await h.call("GET", "/api/domains/other.test")).status, 404, "nothing was added");
    const unknownKey = await h.call("POST", "/api/domains", { body: { name: "x.test", colour: "red" } });
    assert.equal(unknownKey.status, 400);
    assert.equal(unknownKey.body.issues[0].path, "colour");
    const list = await h.call("GET", "/api/domains");
    assert.deepEqual(list.body.domains.map((d: { name: string }) => d.name), ["example.test"]);
    assert.equal((await h.call("GET", "/api/domains/nowhere.test")).status, 404);
    assert.ok((await messages()).includes("domain example.test added by admin"));
  });

  test("accounts: add with a quota as text, never shows the password, bad fields named", async () => {
    const r = await h.call("POST", "/api/accounts", { body: { address: "Alice@example.test", password: "a good long password", quota: "1.5G", displayName: "Alice" } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.account.address, "Alice@example.test");
    assert.equal(r.body.account.quota, Math.round(1.5 * 1024 ** 3));
    assert.equal(JSON.stringify(r.body).includes("password"), false);
    const bad = await h.call("POST", "/api/accounts", { body: { address: "bob@example.test", password: "short", quota: "lots" } });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.issues.map((i: { path: string }) => i.path).sort(), ["password", "quota"]);
    assert.match(bad.body.issues.find((i: { path: string }) => i.path === "quota").message, /500M or 2G/);
    assert.equal(bad.body.issues.find((i: { path: string }) => i.path === "password").message, "expected at least 8 characters", "the password is not echoed");
    const noDomain = await h.call("POST", "/api/accounts", { body: { address: "bob@elsewhere.test", password: "a good long password" } });
    assert.equal(noDomain.status, 404);
    assert.match(noDomain.body.error, /domain elsewhere\.test not found/);
    const badAddress = await h.call("POST", "/api/accounts", { body: { address: "no-at-sign", password: "a good long password" } });
    assert.equal(badAddress.status, 400);
    assert.equal(badAddress.body.issues[0].path, "address");
    assert.equal((await h.call("POST", "/api/accounts", { body: { address: "alice@example.test", password: "a good long password" } })).status, 409);
    const list = await h.call("GET", "/api/accounts?domain=example.test");
    assert.deepEqual(list.body.accounts.map((a: { address: string }) => a.address), ["Alice@example.test"]);
    assert.equal((await h.call("GET", "/api/accounts?domain=nowhere.test")).status, 404);
    assert.equal((await h.call("GET", "/api/accounts?colour=red")).status, 400);
  });

  test("accounts: reset password, quota, disable; the new password works and the old does not; never logged", async () => {
    const r = await h.call("PATCH", "/api/accounts/alice@example.test", { body: { password: "the new password", quota: 0, enabled: false, displayName: "Alice A." } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual([r.body.account.quota, r.body.account.enabled, r.body.account.displayName], [0, false, "Alice A."]);
    assert.equal(await h.store.accounts.verify("alice@example.test", "the new password"), null, "disabled: no login");
    await h.call("PATCH", "/api/accounts/alice@example.test", { body: { enabled: true } });
    assert.ok(await h.store.accounts.verify("alice@example.test", "the new password"));
    assert.equal(await h.store.accounts.verify("alice@example.test", "a good long password"), null);
    const bad = await h.call("PATCH", "/api/accounts/alice@example.test", { body: { quota: -1, enabled: "no" } });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.issues.map((i: { path: string }) => i.path).sort(), ["enabled", "quota"]);
    assert.equal((await h.call("PATCH", "/api/accounts/nobody@example.test", { body: { enabled: false } })).status, 404);
    const all = (await messages()).join("\n");
    assert.match(all, /account Alice@example\.test changed by admin: password, quota, displayName, enabled/);
    assert.doesNotMatch(all + h.lines.join("\n"), /the new password|a good long password/);
  });

  test("aliases: add, edit destinations, disable (delivery then ignores it), catch-all, delete", async () => {
    const r = await h.call("POST", "/api/aliases", { body: { source: "postmaster@example.test", destinations: ["alice@example.test"] } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.deepEqual(r.body.alias.destinations, ["alice@example.test"]);
    const clash = await h.call("POST", "/api/aliases", { body: { source: "alice@example.test", destinations: ["x@example.test"] } });
    assert.equal(clash.status, 409);
    const bad = await h.call("POST", "/api/aliases", { body: { source: "abuse@example.test", destinations: ["ok@example.test", "bad address"] } });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.issues.map((i: { path: string }) => i.path), ["destinations[1]"]);
    const none = await h.call("POST", "/api/aliases", { body: { source: "abuse@example.test", destinations: [] } });
    assert.equal(none.body.issues[0].path, "destinations");
    const edit = await h.call("PATCH", "/api/aliases/postmaster@example.test", { body: { destinations: ["alice@example.test", "ops@other.test"], enabled: false } });
    assert.equal(edit.status, 200, JSON.stringify(edit.body));
    assert.deepEqual([edit.body.alias.destinations, edit.body.alias.enabled], [["alice@example.test", "ops@other.test"], false]);
    const stored = await h.store.aliases.get("postmaster@example.test");
    assert.deepEqual([stored?.destinations, stored?.enabled], [["alice@example.test", "ops@other.test"], false]);
    const disabled = await expand(h.store, "postmaster", "example.test");
    assert.ok(disabled.ok && disabled.expansion.remote.length === 0 && disabled.expansion.accounts.length === 0, JSON.stringify(disabled));
    await h.call("PATCH", "/api/aliases/postmaster@example.test", { body: { enabled: true } });
    const enabled = await expand(h.store, "postmaster", "example.test");
    assert.ok(enabled.ok && enabled.expansion.remote.includes("ops@other.test"), JSON.stringify(enabled));
    await h.call("PATCH", "/api/aliases/postmaster@example.test", { body: { enabled: false } });
    const catchAll = await h.call("POST", "/api/aliases", { body: { source: "@example.test", destinations: ["alice@example.test"] } });
    assert.equal(catchAll.status, 201);
    assert.equal((await h.call("GET", "/api/aliases/@example.test")).body.alias.source, "@example.test");
    assert.equal((await h.call("DELETE", "/api/aliases/@example.test")).status, 204);
    assert.equal((await h.call("DELETE", "/api/aliases/@example.test")).status, 404);
    assert.equal((await h.call("GET", "/api/aliases?domain=example.test")).body.aliases.length, 1);
  });

  test("domain: disable, catch-all, and removal: refused (409) while it has accounts unless force", async () => {
    const r = await h.call("PATCH", "/api/domains/example.test", { body: { enabled: false, catchAll: "alice@example.test" } });
    assert.equal(r.status, 200);
    assert.deepEqual([r.body.domain.enabled, r.body.domain.catchAll, r.body.domain.accounts, r.body.domain.aliases], [false, "alice@example.test", 1, 1]);
    assert.equal((await h.call("PATCH", "/api/domains/example.test", { body: { catchAll: null } })).body.domain.catchAll, null);
    const refused = await h.call("DELETE", "/api/domains/example.test");
    assert.equal(refused.status, 409);
    assert.match(refused.body.error, /still has 1 account; .*force=true/);
    assert.ok(await h.store.domains.get("example.test"));
    assert.equal((await h.call("DELETE", "/api/domains/example.test?force=true")).status, 204);
    assert.equal(await h.store.domains.get("example.test"), null);
    assert.equal(await h.store.accounts.get("alice@example.test"), null);
    assert.ok((await messages()).includes("domain example.test removed by admin (with its accounts)"));
  });
});
