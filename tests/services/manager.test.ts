import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import * as net from "node:net";
import { getRuntime, type Conn } from "../../runtime/mod.ts";
import { defaultServices, type ServiceName, type ServiceSettings } from "../../src/config/mod.ts";
import { ByteReader } from "../../src/io/mod.ts";
import { createLogger } from "../../src/log/logger.ts";
import { ServiceManager, ServiceRuleError, SetupError } from "../../src/services/manager.ts";
import type { ConnectionHandler } from "../../src/services/types.ts";
import { testCert } from "../helpers/certs.ts";
import { rawClient, run, sleep, type RawClient } from "../helpers/net.ts";
import { freePorts } from "../helpers/ports.ts";

/** A POP3-ish test session: greets, then echoes each line until QUIT. */
const echoSession: ConnectionHandler = async (conn: Conn) => {
  const reader = new ByteReader(conn.readable);
  const w = conn.writable.getWriter();
  const enc = new TextEncoder();
  await w.write(enc.encode("+OK ready\r\n"));
  for (;;) {
    const r = await reader.readLine(1000).catch(() => null);
    if (!r || r.kind !== "line") return;
    const text = new TextDecoder().decode(r.bytes);
    if (text === "QUIT") return void (await w.write(enc.encode("+OK bye\r\n")));
    await w.write(enc.encode(`+OK ${text}\r\n`));
  }
};

function connectFrom(port: number, localAddress = "127.0.0.1", host = "127.0.0.1"): Promise<RawClient> {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ port, host, localAddress }, () => {
      sock.off("error", reject);
      resolve(rawClient(sock));
    });
    sock.once("error", reject);
  });
}

/** Connects and returns the first line the server sends (greeting or refusal). */
async function firstLine(port: number, from = "127.0.0.1"): Promise<{ line: string; c: RawClient }> {
  const c = await connectFrom(port, from);
  const text = await c.readUntil("\r\n", 5000);
  return { line: text.split("\r\n")[0], c };
}

describe("service manager over real sockets", () => {
  let manager: ServiceManager;
  const logs: string[] = [];
  const settings = defaultServices();
  let ports: number[];

  before(async () => {
    ports = await freePorts(14);
    Object.values(settings).forEach((s: ServiceSettings, i) => {
      s.bind = "127.0.0.1";
      s.port = ports[i];
      s.autostart = false;
    });
    const cert = await testCert();
    manager = new ServiceManager({
      runtime: await getRuntime(),
      hostname: "mail.test",
      log: createLogger({ write: (l) => logs.push(l) }),
      certificates: async (name) => (name === "default" ? cert : undefined),
      settings,
      handlers: { tcp: { pop3: echoSession, imap: echoSession } },
      graceMs: 300,
    });
  });
  after(async () => {
    await manager.stopAll();
  });

  const port = (name: ServiceName) => manager.get(name).port;

  test("a service bound to 127.0.0.1 answers there and is not reachable on 127.0.0.2", async () => {
    assert.equal((await manager.start("pop3")).status, "running");
    const { line, c } = await firstLine(port("pop3"));
    assert.equal(line, "+OK ready");
    c.close();
    await assert.rejects(connectFrom(port("pop3"), "127.0.0.1", "127.0.0.2"), /ECONNREFUSED/);
  });

  test("allow mode refuses an unlisted address with -ERR and admits a listed CIDR, at once without restart", async () => {
    await manager.setup("pop3", { access: { mode: "allow", ips: ["127.0.0.2/31"] } }, { actor: "test" });
    const refused = await firstLine(port("pop3"), "127.0.0.1");
    assert.match(refused.line, /^-ERR .*not allowed/);
    await refused.c.ended;
    const ok = await firstLine(port("pop3"), "127.0.0.3");
    assert.equal(ok.line, "+OK ready");
    ok.c.close();
    assert.ok(logs.some((l) => /\[pop3\] refused connection from 127\.0\.0\.1: not allowed by the access list/.test(l)));
  });

  test("deny mode refuses the listed address and admits others", async () => {
    await manager.setup("pop3", { access: { mode: "deny", ips: ["127.0.0.2"] } }, { actor: "test" });
    assert.match((await firstLine(port("pop3"), "127.0.0.2")).line, /^-ERR /);
    const ok = await firstLine(port("pop3"), "127.0.0.1");
    assert.equal(ok.line, "+OK ready");
    ok.c.close();
  });

  test("perIpPerMinute 10: the 11th connection in a minute is refused; an unlimited address is not", async () => {
    await manager.setup("pop3", { access: { mode: "uncontrolled", ips: [] }, limits: { perIpPerMinute: 10, unlimited: ["127.0.0.4"] } }, { actor: "test" });
    for (let i = 0; i < 10; i++) {
      const r = await firstLine(port("pop3"), "127.0.0.5");
      assert.equal(r.line, "+OK ready", `connection ${i + 1}`);
      r.c.close();
    }
    assert.match((await firstLine(port("pop3"), "127.0.0.5")).line, /^-ERR .*too many connections from your address/);
    for (let i = 0; i < 15; i++) {
      const r = await firstLine(port("pop3"), "127.0.0.4");
      assert.equal(r.line, "+OK ready", `unlimited connection ${i + 1}`);
      r.c.close();
    }
    const info = manager.get("pop3");
    assert.ok(info.refused >= 1);
  });

  test("maxConcurrent holds under a burst of parallel connections", async () => {
    await manager.setup("imap", { limits: { maxConcurrent: 5, perIpPerMinute: 0, unlimited: [] } }, { actor: "test" });
    await manager.start("imap");
    const results = await Promise.all(Array.from({ length: 20 }, () => firstLine(port("imap"), "127.0.0.6")));
    const admitted = results.filter((r) => r.line === "+OK ready");
    const refused = results.filter((r) => r.line.startsWith("* BYE"));
    assert.equal(admitted.length, 5);
    assert.equal(refused.length, 15);
    assert.equal(manager.get("imap").connections, 5);
    for (const r of results) r.c.close();
    // Released places are free again.
    for (let i = 0; i < 50 && manager.get("imap").connections > 0; i++) await sleep(20);
    const again = await firstLine(port("imap"), "127.0.0.6");
    assert.equal(again.line, "+OK ready");
    again.c.close();
  });

  test("an idle connection is closed after the timeout with the protocol's goodbye", async () => {
    await manager.setup("pop3", { timeout: 1, limits: { perIpPerMinute: 0 } }, { actor: "test" });
    const { c } = await firstLine(port("pop3"));
    await c.write("hello\r\n");
    await c.readUntil("+OK hello\r\n");
    const text = await c.readUntil(/-ERR .*idle timeout/, 5000);
    assert.match(text, /-ERR .*idle timeout/);
    await c.ended;
    await manager.setup("pop3", { timeout: 600 }, { actor: "test" });
  });

  test("stopping imap leaves an open pop3 session working; the imap port is closed", async () => {
    const { c } = await firstLine(port("pop3"));
    await manager.stop("imap");
    assert.equal(manager.get("imap").status, "stopped");
    await assert.rejects(connectFrom(port("imap")), /ECONNREFUSED/);
    await c.write("still there\r\n");
    await c.readUntil("+OK still there\r\n");
    await c.write("QUIT\r\n");
    await c.ended;
  });

  test("stopping a service closes its listener and, after the grace period, its open sessions", async () => {
    await manager.start("imap");
    const { c } = await firstLine(port("imap"));
    await manager.stop("imap");
    await c.ended;
    assert.equal(manager.get("imap").connections, 0);
  });

  test("a port already in use leaves the service failed with the cause, and the others run", async () => {
    const blocker = net.createServer();
    const busy = (await freePorts(1))[0];
    await new Promise<void>((r) => blocker.listen({ port: busy, host: "127.0.0.1" }, r));
    try {
      await manager.setup("ldap", { port: busy }, { actor: "test" });
      const info = await manager.start("ldap");
      assert.equal(info.status, "failed");
      assert.match(info.error ?? "", /address in use/);
      assert.ok(logs.some((l) => /ERROR \[ldap\] failed to start .*address in use/.test(l)));
      assert.equal(manager.get("pop3").status, "running");
    } finally {
      await new Promise((r) => blocker.close(r));
    }
    assert.equal((await manager.start("ldap")).status, "running");
  });

  test("HTTP services answer 403 to an address the access list refuses, and serve a listed one", async () => {
    await manager.setup("http", { access: { mode: "allow", ips: ["127.0.0.2"] } }, { actor: "test" });
    await manager.start("http");
    const refused = await run("curl", ["-s", "-o", "-", "-w", "\n%{http_code}", "--interface", "127.0.0.1", `http://127.0.0.1:${port("http")}/`]);
    assert.match(refused.stdout, /not allowed\n+403$/);
    const served = await run("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--interface", "127.0.0.2", `http://127.0.0.1:${port("http")}/`]);
    assert.notEqual(served.stdout, "403");
    assert.match(served.stdout, /^\d{3}$/);
  });

  test("LDAP refusals are a Notice of Disconnection (RFC 4511 4.4.1)", async () => {
    await manager.setup("ldap", { access: { mode: "deny", ips: ["127.0.0.1"] } }, { actor: "test" });
    await manager.start("ldap");
    const c = await connectFrom(port("ldap"));
    await c.ended;
    const bytes = Buffer.from(c.text(), "latin1");
    assert.equal(bytes[0], 0x30, "an LDAPMessage SEQUENCE");
    assert.ok(bytes.includes(Buffer.from([0x02, 0x01, 0x00])), "messageID 0");
    assert.ok(bytes.includes(Buffer.from("1.3.6.1.4.1.1466.20036")), "the notice OID");
    assert.ok(bytes.includes(Buffer.from("not allowed")));
    await manager.setup("ldap", { access: { mode: "uncontrolled", ips: [] } }, { actor: "test" });
  });

  test("the admin service cannot be stopped", async () => {
    await assert.rejects(manager.stop("admin"), ServiceRuleError);
  });

  test("invalid settings are refused per field and nothing changes", async () => {
    const before = manager.get("pop3");
    await assert.rejects(manager.setup("pop3", { port: 70000, access: { mode: "allow", ips: ["10.0.0.0/33"] } }), (e: unknown) => {
      assert.ok(e instanceof SetupError);
      assert.deepEqual(e.issues.map((i) => i.path).sort(), ["access.ips[0]", "port"]);
      return true;
    });
    await assert.rejects(manager.setup("pop3", { port: port("ldap") }), SetupError);
    await assert.rejects(manager.setup("pop3", { certificate: "missing" }), (e: unknown) => {
      assert.ok(e instanceof SetupError);
      assert.match(e.message, /^certificate: no certificate named "missing"/);
      return true;
    });
    assert.deepEqual(manager.get("pop3"), before);
  });

  test("moving the smtp port is allowed with a warning", async () => {
    const [p] = await freePorts(1);
    const r = await manager.setup("smtp", { port: p }, { actor: "test" });
    assert.equal(r.service.port, p);
    assert.match(r.warnings.join("\n"), /port 25/);
  });
});
