/**
 * Real clients over real sockets: Python poplib, curl and openssl s_client talk to the POP3
 * handler run by a ServiceManager on 127.0.0.1 (pop3 with STLS, pop3s with implicit TLS), with an
 * in-memory backend. Every message must arrive byte for byte. The whole server with the store and
 * mail delivered over SMTP is tests/integration/pop3.test.ts.
 *
 * Needs the Debian packages curl, openssl and python3.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ServiceName } from "../../../src/config/mod.ts";
import { DEFAULT_POP3_LIMITS } from "../../../src/config/pop3.ts";
import { createPop3Handler } from "../../../src/protocols/pop3/server.ts";
import type { ServiceManager } from "../../../src/services/manager.ts";
import { testCert } from "../../helpers/certs.ts";
import { startTestServices, type TestServices } from "../../helpers/services.ts";
import { connectRaw, run, upgradeRaw } from "../../helpers/net.ts";
import { FakeBackend } from "./fake-backend.ts";

const enc = new TextEncoder();

/**
 * The test messages: CRLF lines, lines that start with dots (stuffed on the wire), a line of only
 * a dot, UTF-8 text, trailing spaces, a line longer than 1,000 bytes; and a small one.
 */
const MESSAGES = [
  enc.encode(
    [
      "From: Alice <alice@example.test>",
      "To: Bob <bob@example.test>",
      "Subject: =?UTF-8?Q?gr=C3=BC=C3=9Fe?=",
      "Message-ID: <pop-1@example.test>",
      "",
      "Grüße aus Köln — ünïcødé.",
      ".a line starting with a dot",
      ".",
      "..two dots",
      "trailing spaces   ",
      "x".repeat(1500),
      "",
    ].join("\r\n"),
  ),
  enc.encode("Subject: second\r\n\r\nshort\r\n"),
];
const latin1 = (b: Uint8Array) => Buffer.from(b).toString("latin1");

describe("POP3 with real clients over real sockets", () => {
  const backend = new FakeBackend();
  let svc: TestServices;
  let logs: string[];
  let manager: ServiceManager;
  let dir: string;
  let caFile: string;
  const port = (name: ServiceName) => svc.port(name);

  before(async () => {
    for (const m of MESSAGES) backend.deliver("alice@example.test", m);
    svc = await startTestServices({ names: ["pop3", "pop3s"], hostname: "pop.example.test", tcp: { pop3: createPop3Handler({ backend, limits: { ...DEFAULT_POP3_LIMITS, authFailureDelayMs: 0 } }) } });
    ({ manager, dir, caFile, logs } = svc);
  });

  after(() => svc.stop());

  /** A poplib script printing the latin1 text of every message as JSON, after logging in. */
  const poplib = (connect: string) =>
    run("python3", ["-c", `
import poplib, ssl, json
ctx = ssl.create_default_context(cafile=${JSON.stringify(caFile)})
${connect}
caps = sorted(p.capa().keys())
p.user("alice@example.test"); p.pass_("correct horse")
count, size = p.stat()
out = {"stat": [count, size], "uidl": [u.decode() for u in p.uidl()[1]], "caps": caps, "messages": []}
for i in range(1, count + 1):
    resp, lines, octets = p.retr(i)
    out["messages"].append(b"".join(l + b"\\r\\n" for l in lines).decode("latin1"))
out["top"] = b"\\r\\n".join(p.top(1, 1)[1]).decode("latin1")
p.quit()
print(json.dumps(out))
`], { ms: 20_000 });

  function checkPoplib(r: { code: number | null; stdout: string; stderr: string }) {
    assert.equal(r.code, 0, r.stderr + "\n" + logs.join("\n"));
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.stat, [2, MESSAGES[0]!.length + MESSAGES[1]!.length]);
    assert.deepEqual(out.messages, MESSAGES.map(latin1));
    assert.deepEqual(out.uidl, ["1 1700000000.1", "2 1700000000.2"]);
    assert.equal(out.top, latin1(MESSAGES[0]!).split("\r\n\r\n")[0] + "\r\n\r\n" + latin1(MESSAGES[0]!).split("\r\n")[5]);
    return out;
  }

  test("Python poplib: STLS, USER/PASS, STAT, UIDL, RETR every message byte for byte, TOP", async () => {
    const out = checkPoplib(await poplib(`p = poplib.POP3("127.0.0.1", ${port("pop3")}, timeout=10)\np.stls(context=ctx)`));
    assert.ok(out.caps.includes("USER") && !out.caps.includes("STLS"), "after STLS: login offered, STLS gone");
  });

  test("Python poplib: POP3_SSL on pop3s", async () => {
    checkPoplib(await poplib(`p = poplib.POP3_SSL("127.0.0.1", ${port("pop3s")}, context=ctx, timeout=10)`));
  });

  test("Python poplib in clear: CAPA offers STLS and no login; USER gets -ERR [AUTH]", async () => {
    const r = await run("python3", ["-c", `
import poplib
p = poplib.POP3("127.0.0.1", ${port("pop3")}, timeout=10)
print(sorted(p.capa().keys()))
try:
    p.user("alice@example.test")
except poplib.error_proto as e:
    print(e.args[0].decode())
p.quit()
`], { ms: 20_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "['AUTH-RESP-CODE', 'IMPLEMENTATION', 'PIPELINING', 'RESP-CODES', 'STLS', 'TOP', 'UIDL']\n-ERR [AUTH] plaintext authentication is disabled: use STLS first\n");
  });

  const curl = (args: string[]) => run("curl", ["-sS", "--max-time", "15", "--cacert", caFile, "--user", "alice@example.test:correct horse", ...args], { ms: 20_000 });

  test("curl pop3:// --ssl-reqd (STLS): listing and RETR byte for byte", async () => {
    const list = await curl([`pop3://127.0.0.1:${port("pop3")}/`, "--ssl-reqd"]);
    assert.equal(list.code, 0, list.stderr);
    assert.equal(list.stdout, `1 ${MESSAGES[0]!.length}\r\n2 ${MESSAGES[1]!.length}\r\n`);
    const one = await run("curl", ["-sS", "--max-time", "15", "--cacert", caFile, "--user", "alice@example.test:correct horse", "--ssl-reqd", `pop3://127.0.0.1:${port("pop3")}/1`, "-o", join(dir, "curl-1.eml")], { ms: 20_000 });
    assert.equal(one.code, 0, one.stderr);
    assert.deepEqual(new Uint8Array(readFileSync(join(dir, "curl-1.eml"))), MESSAGES[0]);
  });

  test("curl pop3s:// with SASL PLAIN, and a wrong password fails with curl's login error", async () => {
    const r = await run("curl", ["-sS", "-v", "--max-time", "15", "--cacert", caFile, "--user", "alice@example.test:correct horse", "--login-options", "AUTH=PLAIN", `pop3s://127.0.0.1:${port("pop3s")}/2`], { ms: 20_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /> AUTH PLAIN/);
    assert.equal(r.stdout, latin1(MESSAGES[1]!));
    const bad = await run("curl", ["-sS", "--max-time", "15", "--cacert", caFile, "--user", "alice@example.test:wrong", `pop3s://127.0.0.1:${port("pop3s")}/`], { ms: 20_000 });
    assert.equal(bad.code, 67, bad.stderr); // CURLE_LOGIN_DENIED
  });

  test("openssl s_client -starttls pop3: a whole dialogue typed in one go", async () => {
    const r = await run("openssl", ["s_client", "-starttls", "pop3", "-connect", `127.0.0.1:${port("pop3")}`, "-CAfile", caFile, "-verify_return_error", "-crlf", "-quiet"], {
      steps: [[0, "USER alice@example.test\nPASS correct horse\nSTAT\nLIST\nQUIT\n"]],
      until: /signing off/,
      ms: 20_000,
    });
    assert.match(r.stdout, /^\+OK alice@example\.test has 2 messages/m);
    assert.match(r.stdout, /^\+OK 2 \d+\r?\n/m);
    assert.match(r.stdout, /^\+OK pop\.example\.test POP3 server signing off \(0 messages deleted\)/m);
  });

  test("node:tls client: CAPA pipelined with STLS in one write is not answered inside TLS", async () => {
    const c = await connectRaw(port("pop3"));
    try {
      await c.readUntil("+OK ");
      await c.write("STLS\r\nCAPA\r\n");
      await c.readUntil("+OK begin TLS negotiation\r\n");
      const t = await upgradeRaw(c, (await testCert()).cert);
      await t.write("NOOP\r\n");
      const got = await t.readUntil(/\r\n/);
      assert.equal(got, "-ERR NOOP needs a login first (USER/PASS or AUTH)\r\n", "the first thing said under TLS answers NOOP, not the injected CAPA");
      t.close();
    } finally {
      c.close();
    }
    assert.ok(logs.some((l) => /dropped 6 bytes pipelined after STLS/.test(l)));
  });

  test("stopping the service tells a connected client -ERR [SYS/TEMP]", async () => {
    const c = await connectRaw(port("pop3"));
    await c.readUntil("+OK ");
    await manager.stop("pop3");
    await c.readUntil("-ERR [SYS/TEMP] pop.example.test service shutting down\r\n");
    await c.ended;
    assert.equal((await manager.start("pop3")).status, "running");
  });
});
