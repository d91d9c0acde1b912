/**
 * The admin API served by a real server over TLS, driven by real `curl -k`, with real TCP clients
 * checking that what the API says happened did happen.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as net from "node:net";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Config, DEFAULT_IMAP_LIMITS, DEFAULT_POP3_LIMITS, DEFAULT_SMTP_LIMITS, defaultServices, SERVICE_NAMES } from "../../../src/config/mod.ts";
import { createMailServer, type MailServer } from "../../../src/server.ts";
import { openStore } from "../../../src/store/mod.ts";
import { run } from "../../helpers/net.ts";
import { freePorts } from "../../helpers/ports.ts";

/** The first line the server sends to a TCP client from `localAddress`, or the connect error code. */
function firstLine(port: number, localAddress = "127.0.0.1"): Promise<string> {
  return new Promise((resolve) => {
    const sock = net.connect({ port, host: "127.0.0.1", localAddress });
    let got = "";
    const done = (v: string) => {
      clearTimeout(timer);
      sock.destroy();
      resolve(v);
    };
    const timer = setTimeout(() => done(`timeout; got ${JSON.stringify(got)}`), 5000);
    sock.on("data", (d) => {
      got += d.toString("latin1");
      if (got.includes("\r\n")) done(got.split("\r\n")[0]!);
    });
    sock.on("error", (e: NodeJS.ErrnoException) => done(e.code ?? String(e)));
    sock.on("close", () => done(got || "closed without a word"));
  });
}

describe("admin API over TLS with curl against a real server", () => {
  let dir: string;
  let server: MailServer;
  let base: string;
  let password: string;
  let token = "";
  const ports = {} as Record<string, number>;

  async function curl(method: string, path: string, body?: unknown, auth = true): Promise<{ status: number; body: any }> {
    const args = ["-sk", "--max-time", "20", "-X", method, "-w", "\n%{http_code}"];
    if (auth) args.push("-H", `Authorization: Bearer ${token}`);
    if (body !== undefined) args.push("-H", "Content-Type: application/json", "--data-binary", JSON.stringify(body));
    args.push(`${base}${path}`);
    const r = await run("curl", args, { ms: 30_000 });
    assert.equal(r.code, 0, `curl ${method} ${path} exited ${r.code}: ${r.stderr}`);
    const cut = r.stdout.lastIndexOf("\n");
    const text = r.stdout.slice(0, cut);
    return { status: Number(r.stdout.slice(cut + 1)), body: text ? JSON.parse(text) : null };
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "wrenmail-admin-curl-"));
    const free = await freePorts(SERVICE_NAMES.length);
    const services = defaultServices();
    SERVICE_NAMES.forEach((n, i) => {
      ports[n] = free[i]!;
      services[n] = { ...services[n], bind: "127.0.0.1", port: free[i]!, autostart: ["admin", "imap", "pop3"].includes(n) };
    });
    const config: Config = { hostname: "localhost", dataDir: dir, database: `file:${join(dir, "wrenmail.db")}`, portOffset: 0, services, certificates: {}, smtp: DEFAULT_SMTP_LIMITS, pop3: DEFAULT_POP3_LIMITS, imap: DEFAULT_IMAP_LIMITS };
    server = createMailServer(config, { write: () => {}, graceMs: 200 });
    const started = await server.start();
    assert.ok(started.adminPassword, "first start creates the admin password");
    password = started.adminPassword;
    assert.equal(started.services.find((s) => s.name === "admin")?.status, "running");
    base = `https://127.0.0.1:${ports.admin}`;
  });
  after(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test("without a token: 401; wrong password: 401; right password: a token", async () => {
    assert.equal((await curl("GET", "/api/services", undefined, false)).status, 401);
    assert.equal((await curl("POST", "/api/login", { name: "admin", password: "wrong" }, false)).status, 401);
    const r = await curl("POST", "/api/login", { name: "admin", password }, false);
    assert.equal(r.status, 200);
    token = r.body.token;
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
  });

  test("list shows admin, imap and pop3 running on their ports", async () => {
    const r = await curl("GET", "/api/services");
    assert.equal(r.status, 200);
    const by = Object.fromEntries(r.body.services.map((s: { name: string }) => [s.name, s]));
    for (const n of ["admin", "imap", "pop3"]) {
      assert.equal(by[n].status, "running", n);
      assert.equal(by[n].port, ports[n]);
    }
    assert.equal(by.smtp.status, "stopped");
  });

  test("stop imap: a TCP connect is refused; start it: it answers again", async () => {
    assert.match(await firstLine(ports.imap!), /^\* /);
    const stop = await curl("POST", "/api/services/imap/stop");
    assert.equal(stop.status, 200);
    assert.equal(stop.body.service.status, "stopped");
    assert.equal(await firstLine(ports.imap!), "ECONNREFUSED");
    const start = await curl("POST", "/api/services/imap/start");
    assert.equal(start.status, 200, JSON.stringify(start.body));
    assert.equal(start.body.service.status, "running");
    assert.match(await firstLine(ports.imap!), /^\* /);
  });

  test("stopping admin: 409, and the API still answers", async () => {
    const r = await curl("POST", "/api/services/admin/stop");
    assert.equal(r.status, 409);
    assert.equal((await curl("GET", "/api/services/admin")).body.service.status, "running");
  });

  test("PATCH pop3 to allow only 127.0.0.2: a connection from 127.0.0.1 gets -ERR and is refused", async () => {
    const before = await firstLine(ports.pop3!, "127.0.0.1");
    assert.doesNotMatch(before, /not allowed/);
    const r = await curl("PATCH", "/api/services/pop3", { access: { mode: "allow", ips: ["127.0.0.2"] } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.settings.access, { mode: "allow", ips: ["127.0.0.2"] });
    const refused = await firstLine(ports.pop3!, "127.0.0.1");
    assert.match(refused, /^-ERR .*not allowed/);
    assert.doesNotMatch(await firstLine(ports.pop3!, "127.0.0.2"), /not allowed/);
    const log = await curl("GET", "/api/log?service=pop3&level=warn");
    assert.ok(log.body.entries.some((e: { message: string }) => /refused connection from 127\.0\.0\.1/.test(e.message)), JSON.stringify(log.body));
    const changed = await curl("GET", "/api/log?service=pop3");
    assert.ok(changed.body.entries.some((e: { message: string }) => e.message === "settings changed by admin: access"));
  });

  test("bad input over the wire: 400 per field and nothing changes", async () => {
    const r = await curl("PATCH", "/api/services/pop3", { port: 70000, access: { ips: ["127.0.0.0/99"] } });
    assert.equal(r.status, 400);
    assert.deepEqual(r.body.issues.map((i: { path: string }) => i.path).sort(), ["access.ips[0]", "port"]);
    assert.deepEqual((await curl("GET", "/api/services/pop3/access")).body, { mode: "allow", ips: ["127.0.0.2"] });
  });

  test("restarting admin through its own API: 202 at once, then it serves again and the session survives", async () => {
    const r = await curl("POST", "/api/services/admin/restart");
    assert.equal(r.status, 202);
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      await new Promise((res) => setTimeout(res, 100));
      status = (await curl("GET", "/api/services/admin").catch(() => ({ status: 0 }))).status;
    }
    assert.equal(status, 200);
    const admin = (await curl("GET", "/api/services/admin")).body.service;
    assert.equal(admin.status, "running");
    const log = await curl("GET", "/api/log?service=admin");
    const messages = log.body.entries.map((e: { message: string }) => e.message);
    assert.ok(messages.includes("restart requested by admin"));
    assert.equal(messages.filter((m: string) => m.startsWith("listening on")).length, 2, "it really restarted");
  });

  test("the change is in the database, so it survives a restart of the server", async () => {
    await server.stop();
    const store = await openStore({ url: `file:${join(dir, "wrenmail.db")}`, dataDir: dir });
    try {
      const stored = (await store.services.get("pop3")) as { access: unknown };
      assert.deepEqual(stored.access, { mode: "allow", ips: ["127.0.0.2"] });
    } finally {
      await store.close();
    }
  });
});
