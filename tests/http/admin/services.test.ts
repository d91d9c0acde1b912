import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { connectRaw } from "../../helpers/net.ts";
import { harness, type Harness } from "./harness.ts";

/** The first line a plain TCP client gets, or the connect error code. */
async function probe(port: number): Promise<string> {
  try {
    const c = await connectRaw(port);
    try {
      return (await c.readUntil("\r\n")).split("\r\n")[0]!;
    } finally {
      c.close();
    }
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
}

describe("admin API: services", () => {
  let h: Harness;
  before(async () => {
    // admin runs the placeholder here (requests go through app.request), so restarts are real.
    h = await harness({ start: ["imap", "pop3", "admin"] });
  });
  after(() => h.close());

  test("GET /api/services lists all fourteen with status, bind, port, TLS and live connections", async () => {
    const r = await h.call("GET", "/api/services");
    assert.equal(r.status, 200);
    assert.equal(r.body.services.length, 14);
    const imap = r.body.services.find((s: { name: string }) => s.name === "imap");
    assert.equal(imap.status, "running");
    assert.equal(imap.protocol, "imap");
    assert.equal(imap.bind, "127.0.0.1");
    assert.equal(imap.tls, "starttls");
    assert.equal(typeof imap.connections, "number");
    assert.equal(r.body.services.find((s: { name: string }) => s.name === "ftp").status, "stopped");
  });

  test("GET /api/services/:name adds the full settings; unknown → 404", async () => {
    const r = await h.call("GET", "/api/services/pop3");
    assert.equal(r.status, 200);
    assert.equal(r.body.service.name, "pop3");
    assert.deepEqual(Object.keys(r.body.settings).sort(), ["access", "autostart", "bind", "certificate", "limits", "maxClients", "port", "timeout", "tls"]);
    const nope = await h.call("GET", "/api/services/gopher");
    assert.equal(nope.status, 404);
    assert.match(nope.body.error, /unknown service "gopher"/);
    assert.equal((await h.call("POST", "/api/services/gopher/start")).status, 404);
    assert.equal((await h.call("PATCH", "/api/services/gopher", { body: { port: 1 } })).status, 404);
  });

  test("stop, start and restart imap: a real TCP connect is refused while stopped", async () => {
    const port = h.services.get("imap").port;
    assert.match(await probe(port), /^\* BYE/);
    const stop = await h.call("POST", "/api/services/imap/stop");
    assert.equal(stop.status, 200);
    assert.equal(stop.body.service.status, "stopped");
    assert.equal(await probe(port), "ECONNREFUSED");
    const start = await h.call("POST", "/api/services/imap/start");
    assert.equal(start.status, 200);
    assert.equal(start.body.service.status, "running");
    assert.match(await probe(port), /^\* BYE/);
    const restart = await h.call("POST", "/api/services/imap/restart");
    assert.equal(restart.status, 200, JSON.stringify(restart.body));
    assert.equal(restart.body.service.status, "running");
    await h.log.flush();
    const logged = (await h.store.log.query({ service: "imap" })).map((e) => e.message);
    for (const action of ["stop", "start", "restart"]) assert.ok(logged.includes(`${action} requested by admin`), action);
  });

  test("stopping admin is refused with 409 and admin keeps its state", async () => {
    const before = h.services.get("admin").status;
    const r = await h.call("POST", "/api/services/admin/stop");
    assert.equal(r.status, 409);
    assert.match(r.body.error, /cannot be stopped/);
    assert.equal(h.services.get("admin").status, before);
  });

  test("a start that fails (port in use) answers 409 with the cause; the service is left failed", async () => {
    const imapPort = h.services.get("imap").port;
    // The port is taken by imap itself, so ldap cannot have it.
    const set = await h.call("PATCH", "/api/services/ldap", { body: { port: imapPort } });
    assert.equal(set.status, 400, "the manager refuses a clash with another service's port");
    assert.equal(set.body.issues[0].path, "port");
    const { createServer } = await import("node:net");
    const blocker = createServer();
    const ldapPort = h.services.get("ldap").port;
    await new Promise<void>((r) => blocker.listen({ port: ldapPort, host: "127.0.0.1" }, r));
    try {
      const r = await h.call("POST", "/api/services/ldap/start");
      assert.equal(r.status, 409);
      assert.equal(r.body.service.status, "failed");
      assert.match(r.body.error, /ldap did not start: /, JSON.stringify(r.body));
      const stop = await h.call("POST", "/api/services/ldap/stop");
      assert.equal(stop.status, 200, "stopping a failed service is not a failed start");
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });

  test("PATCH changes settings, stores them and logs who did it", async () => {
    const r = await h.call("PATCH", "/api/services/pop3", { body: { timeout: 120, limits: { perIpPerMinute: 45 } } });
    assert.equal(r.status, 200);
    assert.equal(r.body.settings.timeout, 120);
    assert.equal(r.body.settings.limits.perIpPerMinute, 45);
    assert.deepEqual(r.body.warnings, []);
    assert.equal(r.body.restarted, false);
    const stored = await h.settings("pop3");
    assert.equal(stored.timeout, 120);
    assert.equal(stored.limits.perIpPerMinute, 45);
    await h.log.flush();
    assert.ok((await h.store.log.query({ service: "pop3" })).some((e) => e.message === "settings changed by admin: timeout, limits"));
  });

  test("PATCH smtp's port warns that other servers deliver to 25", async () => {
    const [port] = await (await import("../../helpers/ports.ts")).freePorts(1);
    const r = await h.call("PATCH", "/api/services/smtp", { body: { port } });
    assert.equal(r.status, 200);
    assert.ok(r.body.warnings.some((w: string) => /port 25/.test(w)), JSON.stringify(r.body.warnings));
  });

  test("PATCH ?restart=true moves a running service to its new port now", async () => {
    const [port] = await (await import("../../helpers/ports.ts")).freePorts(1);
    const old = h.services.get("imap").port;
    const r = await h.call("PATCH", "/api/services/imap?restart=true", { body: { port } });
    assert.equal(r.status, 200);
    assert.equal(r.body.restarted, true);
    assert.equal(r.body.service.port, port);
    assert.equal(r.body.service.status, "running");
    assert.match(await probe(port), /^\* BYE/);
    assert.equal(await probe(old), "ECONNREFUSED");
    const lazy = await h.call("PATCH", "/api/services/imap", { body: { port: old } });
    assert.ok(lazy.body.warnings.some((w: string) => /changes take effect when the service restarts: port/.test(w)));
    assert.equal((await h.call("PATCH", "/api/services/imap?restart=maybe", { body: {} })).status, 400);
  });

  const BAD: [string, unknown, string[]][] = [
    ["port 70000", { port: 70000 }, ["port"]],
    ["wrong types", { port: "25", autostart: "yes", timeout: null }, ["autostart", "port", "timeout"]],
    ["an invalid CIDR", { access: { ips: ["10.0.0.0/8", "10.0.0.0/33"] } }, ["access.ips[1]"]],
    ["two modes at once", { access: { mode: ["allow", "deny"] } }, ["access.mode"]],
    ["two modes as keys", { access: { allow: ["1.2.3.4"], deny: ["5.6.7.8"] } }, ["access.allow"]],
    ["an unknown key", { prot: 25 }, ["prot"]],
    ["a bind that is not an address", { bind: "localhost" }, ["bind"]],
    ["not an object", [1, 2], [""]],
  ];
  for (const [what, body, paths] of BAD) {
    test(`PATCH with ${what} → 400 naming each field; nothing changes`, async () => {
      const before = await h.call("GET", "/api/services/pop3");
      const stored = await h.settings("pop3");
      const r = await h.call("PATCH", "/api/services/pop3", { body });
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.equal(typeof r.body.error, "string");
      assert.deepEqual(r.body.issues.map((i: { path: string }) => i.path).sort(), paths);
      for (const i of r.body.issues) assert.ok(i.message.length > 5);
      assert.deepEqual(await h.call("GET", "/api/services/pop3").then((x) => x.body), before.body);
      assert.deepEqual(await h.settings("pop3"), stored);
    });
  }

  test("PATCH with a body that is not JSON → 400", async () => {
    const r = await h.call("PATCH", "/api/services/pop3", { raw: "{port: 1" });
    assert.equal(r.status, 400);
    assert.match(r.body.error, /not valid JSON/);
  });

  test("a body over 1 MiB → 413; nothing changes", async () => {
    const stored = await h.settings("pop3");
    const r = await h.call("PATCH", "/api/services/pop3", { body: { access: { ips: Array.from({ length: 90_000 }, () => "192.0.2.1") } } });
    assert.equal(r.status, 413);
    assert.deepEqual(await h.settings("pop3"), stored);
  });

  test("restarting admin answers 202 first, then restarts", async () => {
    const r = await h.call("POST", "/api/services/admin/restart");
    assert.equal(r.status, 202);
    assert.equal(r.body.restarting, true);
    assert.equal(await restartsLogged(1), 1);
    assert.equal(h.services.get("admin").status, "running");
  });

  test("PATCH admin ?restart=true answers first, then restarts", async () => {
    const r = await h.call("PATCH", "/api/services/admin?restart=true", { body: { timeout: 77 } });
    assert.equal(r.status, 200);
    assert.equal(r.body.restarted, true);
    assert.deepEqual(r.body.warnings, ["the admin service restarts in a moment; reconnect if its address changed"]);
    assert.equal(await restartsLogged(2), 2);
  });

  /** How many times admin has restarted, once that reaches `want` (or 5 s have passed). */
  async function restartsLogged(want: number): Promise<number> {
    let n = 0;
    for (let i = 0; i < 100 && n < want; i++) {
      await new Promise((r) => setTimeout(r, 50));
      await h.log.flush();
      n = (await h.store.log.query({ service: "admin" })).filter((e) => e.message.startsWith("listening on")).length - 1;
    }
    return n;
  }
});
