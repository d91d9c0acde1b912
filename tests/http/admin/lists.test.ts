import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { harness, type Harness } from "./harness.ts";

describe("admin API: access and unlimited lists", () => {
  let h: Harness;
  before(async () => {
    h = await harness();
  });
  after(() => h.close());

  test("GET access → { mode, ips }", async () => {
    const r = await h.call("GET", "/api/services/imap/access");
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { mode: "uncontrolled", ips: [] });
    assert.equal((await h.call("GET", "/api/services/nope/access")).status, 404);
  });

  test("POST adds entries (skipping ones already there, in any spelling) and may set the mode", async () => {
    let r = await h.call("POST", "/api/services/imap/access", { body: { ips: ["10.0.0.0/8", "192.0.2.1"] } });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.ips, ["10.0.0.0/8", "192.0.2.1"]);
    assert.equal(r.body.mode, "uncontrolled");
    r = await h.call("POST", "/api/services/imap/access", { body: { ips: ["192.0.2.1/32", "2001:db8::1"], mode: "deny" } });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { mode: "deny", ips: ["10.0.0.0/8", "192.0.2.1", "2001:db8::1"], warnings: [] });
    assert.deepEqual((await h.settings("imap")).access, { mode: "deny", ips: ["10.0.0.0/8", "192.0.2.1", "2001:db8::1"] });
    await h.log.flush();
    assert.ok((await h.store.log.query({ service: "imap" })).some((e) => e.message === "settings changed by admin: access"));
  });

  test("DELETE removes entries; one that is not listed → 404 per entry and nothing is removed", async () => {
    const missing = await h.call("DELETE", "/api/services/imap/access", { body: { ips: ["2001:db8:0::1", "203.0.113.9"] } });
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body.issues.map((i: { path: string }) => i.path), ["ips[1]"]);
    assert.equal((await h.settings("imap")).access.ips.length, 3);
    const r = await h.call("DELETE", "/api/services/imap/access", { body: { ips: ["2001:db8:0::1"] } });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.ips, ["10.0.0.0/8", "192.0.2.1"]);
  });

  const BAD: [string, string, unknown, string[]][] = [
    ["POST", "an invalid entry", { ips: ["10.1.2.3", "300.1.2.3", "10.0.0.0/40"] }, ["ips[1]", "ips[2]"]],
    ["POST", "two modes at once", { ips: [], mode: "allow,deny" }, ["mode"]],
    ["POST", "a list of modes", { ips: [], mode: ["allow", "deny"] }, ["mode"]],
    ["POST", "ips not a list", { ips: "10.0.0.1" }, ["ips"]],
    ["POST", "no ips", { mode: "allow" }, ["ips"]],
    ["POST", "an unknown key", { ips: [], deny: ["10.0.0.1"] }, ["deny"]],
    ["DELETE", "an invalid entry", { ips: ["10.0.0.0/8", "nonsense"] }, ["ips[1]"]],
  ];
  for (const [method, what, body, paths] of BAD) {
    test(`${method} access with ${what} → 400 per field; nothing changes`, async () => {
      const before = await h.settings("imap");
      const r = await h.call(method, "/api/services/imap/access", { body });
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.deepEqual(r.body.issues.map((i: { path: string }) => i.path), paths);
      assert.deepEqual(await h.settings("imap"), before);
      assert.deepEqual((await h.call("GET", "/api/services/imap/access")).body, before.access);
    });
  }

  test("limits/unlimited: GET, POST, DELETE; mode is not a thing there", async () => {
    const start = (await h.call("GET", "/api/services/pop3/limits/unlimited")).body.ips;
    assert.deepEqual(start, ["127.0.0.1", "::1"]);
    let r = await h.call("POST", "/api/services/pop3/limits/unlimited", { body: { ips: ["192.0.2.0/24"] } });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.ips, ["127.0.0.1", "::1", "192.0.2.0/24"]);
    r = await h.call("POST", "/api/services/pop3/limits/unlimited", { body: { ips: ["192.0.2.0/33"] } });
    assert.equal(r.status, 400);
    assert.equal(r.body.issues[0].path, "ips[0]");
    r = await h.call("POST", "/api/services/pop3/limits/unlimited", { body: { ips: [], mode: "allow" } });
    assert.equal(r.status, 400);
    assert.equal(r.body.issues[0].path, "mode");
    r = await h.call("DELETE", "/api/services/pop3/limits/unlimited", { body: { ips: ["::1"] } });
    assert.deepEqual(r.body.ips, ["127.0.0.1", "192.0.2.0/24"]);
    assert.deepEqual((await h.settings("pop3")).limits.unlimited, ["127.0.0.1", "192.0.2.0/24"]);
  });

  test("an admin access change that would shut out the caller → 409 unless forced", async () => {
    const r = await h.call("POST", "/api/services/admin/access", { body: { ips: ["10.9.9.9"], mode: "allow" }, ip: "192.0.2.77" });
    assert.equal(r.status, 409);
    assert.match(r.body.error, /your own address 192\.0\.2\.77/);
    assert.equal((await h.settings("admin")).access.mode, "uncontrolled");
    const patch = await h.call("PATCH", "/api/services/admin", { body: { access: { mode: "deny", ips: ["192.0.2.0/24"] } }, ip: "192.0.2.77" });
    assert.equal(patch.status, 409);
    const ok = await h.call("POST", "/api/services/admin/access", { body: { ips: ["10.9.9.9", "192.0.2.77"], mode: "allow" }, ip: "192.0.2.77" });
    assert.equal(ok.status, 200);
    const forced = await h.call("DELETE", "/api/services/admin/access?force=true", { body: { ips: ["192.0.2.77"] }, ip: "192.0.2.77" });
    assert.equal(forced.status, 200);
    assert.deepEqual(forced.body.ips, ["10.9.9.9"]);
  });

  test("parallel additions are all kept", async () => {
    const ips = Array.from({ length: 10 }, (_, i) => `198.51.100.${i}`);
    const rs = await Promise.all(ips.map((ip) => h.call("POST", "/api/services/ftp/access", { body: { ips: [ip] } })));
    assert.ok(rs.every((r) => r.status === 200));
    assert.deepEqual((await h.settings("ftp")).access.ips.sort(), [...ips].sort());
  });
});
