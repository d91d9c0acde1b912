import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { SESSION_COOKIE } from "../../../src/http/admin/mod.ts";
import { CLI_TOKEN, harness, PASSWORD, type Harness } from "./harness.ts";

describe("admin API authentication", () => {
  let h: Harness;
  let clock = Date.now();
  before(async () => {
    h = await harness({ deps: { now: () => clock } });
  });
  after(() => h.close());

  test("every /api route but login needs a token: 401 with a Bearer challenge", async () => {
    for (const [method, path] of [["GET", "/api/services"], ["POST", "/api/services/imap/stop"], ["GET", "/api/log"], ["GET", "/api/certificates"], ["GET", "/api/nowhere"]] as const) {
      const r = await h.call(method, path, { token: null });
      assert.equal(r.status, 401, `${method} ${path}`);
      assert.match(r.headers.get("www-authenticate") ?? "", /^Bearer /);
      assert.equal(typeof r.body.error, "string");
    }
    assert.equal((await h.call("GET", "/api/services", { token: "not-a-real-token" })).status, 401);
    assert.equal((await h.call("GET", "/api/services", { token: null, headers: { authorization: "Basic YWRtaW46eA==" } })).status, 401);
  });

  test("login returns a 256-bit token and sets a __Host- cookie that is HttpOnly, Secure, SameSite=Strict", async () => {
    const r = await h.login();
    assert.equal(r.status, 200);
    assert.match(r.body.token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(r.body.admin, "admin");
    assert.ok(Date.parse(r.body.expiresAt) > Date.now());
    const cookie = r.headers.get("set-cookie") ?? "";
    assert.ok(cookie.startsWith(`${SESSION_COOKIE}=${r.body.token};`), cookie);
    for (const attr of ["HttpOnly", "Secure", "SameSite=Strict", "Path=/"]) assert.ok(cookie.includes(attr), `${attr} in ${cookie}`);
    const list = await h.call("GET", "/api/services", { token: r.body.token });
    assert.equal(list.status, 200);
    assert.equal(list.headers.get("cache-control"), "no-store");
  });

  test("wrong password and unknown name: the same 401, logged as a warning with the IP and never the password", async () => {
    const wrong = await h.login("admin", "not the password", "192.0.2.10");
    const nobody = await h.login("nobody", "not the password", "192.0.2.10");
    assert.equal(wrong.status, 401);
    assert.equal(nobody.status, 401);
    assert.deepEqual(wrong.body, nobody.body);
    assert.equal(wrong.body.token, undefined);
    assert.equal(wrong.headers.get("set-cookie"), null);
    await h.log.flush();
    const warned = await h.store.log.query({ level: "warn", service: "admin" });
    const fail = warned.find((e) => e.message.includes('"nobody"'));
    assert.ok(fail, "failed login logged");
    assert.equal(fail.level, "warn");
    assert.match(fail.message, /192\.0\.2\.10/);
    assert.ok(!h.lines.join("\n").includes("not the password"), "the password never reaches the log");
    assert.ok(!JSON.stringify(warned).includes("not the password"));
  });

  test("bad login bodies: 400 with a message per field", async () => {
    const r = await h.call("POST", "/api/login", { token: null, body: { name: 7, pasword: "x" } });
    assert.equal(r.status, 400);
    const paths = r.body.issues.map((i: { path: string }) => i.path).sort();
    assert.deepEqual(paths, ["name", "password", "pasword"]);
    const notJson = await h.call("POST", "/api/login", { token: null, raw: "name=admin" });
    assert.equal(notJson.status, 400);
    // A refused password is named but never echoed back.
    const secret = "s3cret-".repeat(200);
    const long = await h.call("POST", "/api/login", { token: null, body: { name: "admin", password: secret } });
    assert.equal(long.status, 400);
    assert.match(JSON.stringify(long.body), /password/);
    assert.ok(!JSON.stringify(long.body).includes("s3cret-"), JSON.stringify(long.body).slice(0, 200));
  });

  test("5 failures from one IP (whatever the names) → 429 with Retry-After, even for the right password; the lock backs off", async () => {
    const ip = "198.51.100.7";
    await h.store.admins.setPassword("carol", "carol password");
    for (let i = 0; i < 5; i++) assert.equal((await h.login(`user${i}`, "guess", ip)).status, 401);
    const locked = await h.login("carol", "carol password", ip);
    assert.equal(locked.status, 429);
    const wait = Number(locked.headers.get("retry-after"));
    assert.ok(wait >= 1 && wait <= 30, `Retry-After ${wait}`);
    assert.match(locked.body.error, /too many failed logins/);
    // Other addresses are not punished for this one.
    assert.equal((await h.login("carol", "carol password", "198.51.100.8")).status, 200);
    // After the lock one more try is allowed; failing it doubles the lock.
    clock += 31_000;
    assert.equal((await h.login("user6", "guess", ip)).status, 401);
    const again = await h.login("carol", "carol password", ip);
    assert.equal(again.status, 429);
    assert.ok(Number(again.headers.get("retry-after")) > 30, `backoff: ${again.headers.get("retry-after")}`);
    clock += 61_000;
    assert.equal((await h.login("carol", "carol password", ip)).status, 200);
    await h.log.flush();
    assert.ok((await h.store.log.query({ level: "warn" })).some((e) => e.message.includes("too many failed logins") && e.message.includes(ip)));
  });

  test("5 failures for one name across many IPs lock that name, case-insensitively", async () => {
    await h.store.admins.setPassword("ops", "ops password");
    for (let i = 0; i < 5; i++) assert.equal((await h.login("ops", "wrong", `203.0.113.${i + 1}`)).status, 401);
    const r = await h.login("OPS", "ops password", "203.0.113.99");
    assert.equal(r.status, 429);
    assert.ok(Number(r.headers.get("retry-after")) > 0);
    assert.equal((await h.login("ops", "ops password", "203.0.113.99")).status, 429);
    // Another name from a fresh address still logs in.
    assert.equal((await h.login("admin", PASSWORD, "203.0.113.100")).status, 200);
  });

  test("a burst of parallel guesses cannot get more than 5 past the limit", async () => {
    const ip = "198.51.100.50";
    const rs = await Promise.all(Array.from({ length: 12 }, (_, i) => h.login("mallory", `burst ${i}`, ip)));
    const statuses = rs.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 401).length, 5, statuses.join(","));
    assert.equal(statuses.filter((s) => s === 429).length, 7);
  });

  test("logout ends the session; the token no longer works", async () => {
    const { body } = await h.login();
    assert.equal((await h.call("POST", "/api/logout", { token: body.token })).status, 204);
    assert.equal((await h.call("GET", "/api/services", { token: body.token })).status, 401);
    assert.equal((await h.call("GET", "/api/services")).status, 200, "other sessions are untouched");
  });

  test("sessions end after an hour idle", async () => {
    const { body } = await h.login();
    clock += 30 * 60_000;
    assert.equal((await h.call("GET", "/api/services", { token: body.token })).status, 200);
    clock += 30 * 60_000 + 1000;
    assert.equal((await h.call("GET", "/api/services", { token: body.token })).status, 200, "use refreshed it");
    clock += 61 * 60_000;
    assert.equal((await h.call("GET", "/api/services", { token: body.token })).status, 401);
    h.token = (await h.login()).body.token;
  });

  test("the CLI token is accepted as a Bearer token and changes are logged as made by cli", async () => {
    const r = await h.call("POST", "/api/services/ftp/stop", { token: CLI_TOKEN });
    assert.equal(r.status, 200);
    await h.log.flush();
    assert.ok((await h.store.log.query({ service: "ftp" })).some((e) => e.message === "stop requested by cli"));
    assert.equal((await h.call("GET", "/api/services", { token: CLI_TOKEN.slice(0, -1) + "x" })).status, 401);
  });

  test("cookie sessions: reads work; changes need this server's Origin (CSRF)", async () => {
    const { body } = await h.login();
    const cookie = { cookie: `${SESSION_COOKIE}=${body.token}` };
    assert.equal((await h.call("GET", "/api/services", { token: null, headers: cookie })).status, 200);
    const noOrigin = await h.call("POST", "/api/services/ldap/stop", { token: null, headers: cookie });
    assert.equal(noOrigin.status, 403);
    const evil = await h.call("POST", "/api/services/ldap/stop", { token: null, headers: { ...cookie, origin: "https://evil.example" } });
    assert.equal(evil.status, 403);
    const same = await h.call("POST", "/api/services/ldap/stop", { token: null, headers: { ...cookie, origin: "http://localhost" } });
    assert.equal(same.status, 200);
    const crossLogin = await h.call("POST", "/api/login", { token: null, body: { name: "admin", password: PASSWORD }, headers: { origin: "https://evil.example" } });
    assert.equal(crossLogin.status, 403);
  });
});
