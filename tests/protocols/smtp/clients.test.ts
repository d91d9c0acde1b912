/**
 * Real clients over real sockets: swaks, Python smtplib, curl and openssl s_client talk to the
 * SMTP handler run by a ServiceManager on 127.0.0.1 (smtp and submission with STARTTLS, smtps with
 * implicit TLS). Every message must arrive byte for byte after the trace header.
 *
 * Needs the Debian packages swaks, libnet-ssleay-perl (swaks' TLS), curl, openssl and python3.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ServiceName } from "../../../src/config/mod.ts";
import { DEFAULT_SMTP_LIMITS } from "../../../src/config/smtp.ts";
import { createSmtpHandler } from "../../../src/protocols/smtp/server.ts";
import type { ServiceManager } from "../../../src/services/manager.ts";
import { testCert } from "../../helpers/certs.ts";
import { startTestServices, type TestServices } from "../../helpers/services.ts";
import { connectRaw, run, type RunResult, upgradeRaw } from "../../helpers/net.ts";
import { afterTrace, type Delivery, FakeBackend } from "./fake-backend.ts";

const enc = new TextEncoder();

/**
 * The test message: CRLF lines, a line that starts with a dot (stuffed on the wire), a line of
 * only a dot, UTF-8 text, trailing spaces and a line longer than 1,000 bytes.
 */
const MESSAGE = enc.encode(
  [
    "From: Alice <alice@example.test>",
    "To: Bob <bob@example.test>",
    "Subject: =?UTF-8?Q?gr=C3=BC=C3=9Fe?=",
    "Message-ID: <test-1@example.test>",
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: 8bit",
    "",
    "Grüße aus Köln — ünïcødé.",
    ".a line starting with a dot",
    ".",
    "..two dots",
    "trailing spaces   ",
    "x".repeat(1500),
    "",
    "-- ",
    "Alice",
    "",
  ].join("\r\n"),
);

describe("SMTP with real clients over real sockets", () => {
  const backend = new FakeBackend();
  let svc: TestServices;
  let logs: string[];
  let manager: ServiceManager;
  let dir: string;
  let msgFile: string;
  let swaksFile: string;
  let caFile: string;
  const port = (name: ServiceName) => svc.port(name);

  before(async () => {
    svc = await startTestServices({ names: ["smtp", "submission", "smtps"], hostname: "mx.example.test", tcp: { smtp: createSmtpHandler({ backend, limits: { ...DEFAULT_SMTP_LIMITS, authFailureDelayMs: 0 } }) } });
    ({ manager, dir, caFile, logs } = svc);
    msgFile = join(dir, "message.eml");
    writeFileSync(msgFile, MESSAGE);
    // swaks always sends CRLF "." CRLF after the data, adding a line end of its own.
    swaksFile = join(dir, "swaks.eml");
    writeFileSync(swaksFile, MESSAGE.subarray(0, MESSAGE.length - 2));
  });

  after(() => svc.stop());

  /** Runs a client, then returns the delivery it made; fails with the client's output if none. */
  async function deliveredBy(client: Promise<RunResult>): Promise<{ d: Delivery; out: RunResult }> {
    const index = backend.deliveries.length;
    const out = await client;
    const d = backend.deliveries[index];
    assert.ok(d, `no delivery; exit ${out.code}\nstdout:\n${out.stdout}\nstderr:\n${out.stderr}\nlog:\n${logs.join("\n")}`);
    assert.equal(backend.deliveries.length, index + 1, "exactly one delivery");
    return { d, out };
  }

  function assertIntact(d: Delivery, withProtocol: string): void {
    const { trace, body } = afterTrace(d.message);
    assert.match(trace, new RegExp(`^Received: from \\S+ \\(\\[127\\.0\\.0\\.1\\]\\)\\r\\n\\tby mx\\.example\\.test \\(wrenmail\\) with ${withProtocol} id `));
    assert.deepEqual(Buffer.from(body).toString("latin1"), Buffer.from(MESSAGE).toString("latin1"));
  }

  const swaks = (args: string[]) =>
    run("swaks", ["--server", "127.0.0.1", "--from", "alice@example.test", "--to", "bob@example.test", "--helo", "swaks.test", "--data", `@${swaksFile}`, "--timeout", "10", ...args], { ms: 20_000 });

  test("swaks, plain, port 25", async () => {
    const { d, out } = await deliveredBy(swaks(["--port", String(port("smtp"))]));
    assert.equal(out.code, 0, out.stdout);
    assertIntact(d, "ESMTP");
    assert.equal(d.envelope.from, "alice@example.test");
    assert.deepEqual(d.envelope.recipients.map((r) => r.address), ["bob@example.test"]);
  });

  test("swaks --tls (STARTTLS), port 25", async () => {
    const { d, out } = await deliveredBy(swaks(["--port", String(port("smtp")), "--tls"]));
    assert.equal(out.code, 0, out.stdout);
    assert.match(out.stdout, /220 2\.0\.0 ready to start TLS/);
    assertIntact(d, "ESMTPS");
    assert.equal(d.session.secure, true);
  });

  test("swaks --tls --auth PLAIN on submission", async () => {
    const { d, out } = await deliveredBy(swaks(["--port", String(port("submission")), "--tls", "--auth", "PLAIN", "--auth-user", "alice@example.test", "--auth-password", "correct horse"]));
    assert.equal(out.code, 0, out.stdout);
    assert.match(out.stdout, /235 2\.7\.0/);
    assertIntact(d, "ESMTPSA");
    assert.equal(d.session.identity?.address, "alice@example.test");
  });

  test("swaks --tls --auth LOGIN --pipeline on submission", async () => {
    const { d, out } = await deliveredBy(
      swaks(["--port", String(port("submission")), "--tls", "--auth", "LOGIN", "--auth-user", "bob@example.test", "--auth-password", "pässwörd", "--pipeline"]),
    );
    assert.equal(out.code, 0, out.stdout);
    assert.match(out.stdout, /334 VXNlcm5hbWU6/);
    assertIntact(d, "ESMTPSA");
    assert.equal(d.session.identity?.address, "bob@example.test");
  });

  test("swaks --tls-on-connect --auth on smtps", async () => {
    const { d, out } = await deliveredBy(swaks(["--port", String(port("smtps")), "--tls-on-connect", "--auth", "PLAIN", "--auth-user", "alice@example.test", "--auth-password", "correct horse"]));
    assert.equal(out.code, 0, out.stdout);
    assertIntact(d, "ESMTPSA");
  });

  test("swaks: a wrong password is refused with 535 and nothing is delivered", async () => {
    const before = backend.deliveries.length;
    const out = await swaks(["--port", String(port("submission")), "--tls", "--auth", "PLAIN", "--auth-user", "alice@example.test", "--auth-password", "wrong"]);
    assert.notEqual(out.code, 0);
    assert.match(out.stdout, /535 5\.7\.8 authentication credentials invalid/);
    assert.equal(backend.deliveries.length, before);
  });

  test("swaks: submission without AUTH is refused with 530 at MAIL", async () => {
    const out = await swaks(["--port", String(port("submission")), "--tls"]);
    assert.notEqual(out.code, 0);
    assert.match(out.stdout, /530 5\.7\.0 authentication required/);
  });

  const python = (script: string) => run("python3", ["-c", script], { ms: 20_000 });
  const pyHeader = () => `import smtplib, ssl, sys\nmsg = open(${JSON.stringify(msgFile)}, "rb").read()\nctx = ssl.create_default_context(cafile=${JSON.stringify(caFile)})\n`;

  test("Python smtplib: STARTTLS, login, sendmail on submission", async () => {
    const { d, out } = await deliveredBy(
      python(
        pyHeader() +
          `s = smtplib.SMTP("127.0.0.1", ${port("submission")}, local_hostname="python.test", timeout=10)\n` +
          `s.starttls(context=ctx)\ns.login("alice@example.test", "correct horse")\n` +
          `refused = s.sendmail("alice@example.test", ["bob@example.test"], msg)\nprint(repr(refused))\ns.quit()\n`,
      ),
    );
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.stdout.trim(), "{}");
    assertIntact(d, "ESMTPSA");
  });

  test("Python smtplib: SMTP_SSL and an SMTPUTF8 address on smtps", async () => {
    const { d, out } = await deliveredBy(
      python(
        pyHeader() +
          `s = smtplib.SMTP_SSL("127.0.0.1", ${port("smtps")}, local_hostname="python.test", context=ctx, timeout=10)\n` +
          `s.login("alice@example.test", "correct horse")\n` +
          `s.sendmail("alice@example.test", ["jörg@bücher.test"], msg, mail_options=["SMTPUTF8", "BODY=8BITMIME"])\ns.quit()\n`,
      ),
    );
    assert.equal(out.code, 0, out.stderr);
    assertIntact(d, "UTF8SMTPSA");
    assert.deepEqual(d.envelope.recipients.map((r) => r.address), ["jörg@bücher.test"]);
    assert.equal(d.envelope.params.smtputf8, true);
  });

  test("Python smtplib: DSN parameters and SIZE reach the backend", async () => {
    const { d, out } = await deliveredBy(
      python(
        pyHeader() +
          `s = smtplib.SMTP("127.0.0.1", ${port("smtp")}, local_hostname="python.test", timeout=10)\n` +
          `s.ehlo()\nassert s.has_extn("dsn") and s.has_extn("size") and s.has_extn("pipelining")\n` +
          `s.sendmail("a@remote.test", ["bob@example.test"], msg, mail_options=["RET=HDRS", "ENVID=abc+2B1"], rcpt_options=["NOTIFY=FAILURE,DELAY", "ORCPT=rfc822;bob@example.test"])\ns.quit()\n`,
      ),
    );
    assert.equal(out.code, 0, out.stderr);
    assertIntact(d, "ESMTP");
    assert.deepEqual(d.envelope.params, { ret: "HDRS", envid: "abc+1", size: MESSAGE.length });
    assert.deepEqual(d.envelope.recipients[0]!.dsn, { notify: ["FAILURE", "DELAY"], orcpt: "rfc822;bob@example.test" });
  });

  test("Python smtplib: a message over SIZE is refused with 552 before any data is sent", async () => {
    const out = await python(
      pyHeader() +
        `s = smtplib.SMTP("127.0.0.1", ${port("smtp")}, timeout=10)\n` +
        `try:\n  s.sendmail("a@remote.test", ["bob@example.test"], b"x" * (${DEFAULT_SMTP_LIMITS.maxMessageSize} + 1))\n` +
        `except smtplib.SMTPSenderRefused as e:\n  print(e.smtp_code, e.smtp_error.decode())\n`,
    );
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /^552 5\.3\.4 message size exceeds fixed maximum message size/);
  });

  const curl = (args: string[]) => run("curl", ["-sS", "--max-time", "15", "--mail-from", "alice@example.test", "--mail-rcpt", "bob@example.test", "--upload-file", msgFile, ...args], { ms: 20_000 });

  test("curl smtp:// --ssl-reqd (STARTTLS) on port 25", async () => {
    const { d, out } = await deliveredBy(curl(["--url", `smtp://127.0.0.1:${port("smtp")}/curl.test`, "--ssl-reqd", "--cacert", caFile]));
    assert.equal(out.code, 0, out.stderr);
    assertIntact(d, "ESMTPS");
  });

  test("curl smtp:// with --user on submission (STARTTLS + AUTH)", async () => {
    const { d, out } = await deliveredBy(curl(["--url", `smtp://127.0.0.1:${port("submission")}/curl.test`, "--ssl-reqd", "--cacert", caFile, "--user", "alice@example.test:correct horse"]));
    assert.equal(out.code, 0, out.stderr);
    assertIntact(d, "ESMTPSA");
  });

  test("curl smtps:// on smtps", async () => {
    const { d, out } = await deliveredBy(curl(["--url", `smtps://127.0.0.1:${port("smtps")}/curl.test`, "--cacert", caFile, "--user", "alice@example.test:correct horse"]));
    assert.equal(out.code, 0, out.stderr);
    assertIntact(d, "ESMTPSA");
  });

  test("openssl s_client -starttls smtp: a whole dialogue typed in one go", async () => {
    // s_client -crlf turns each LF into CRLF; the dialogue is written with LF and dot-stuffed by hand.
    const text = Buffer.from(MESSAGE).toString("utf8").replace(/\r\n/g, "\n");
    const stuffed = text.split("\n").map((l) => (l.startsWith(".") ? "." + l : l)).join("\n");
    const dialogue = `EHLO openssl.test\nMAIL FROM:<alice@example.test>\nRCPT TO:<bob@example.test>\nDATA\n${stuffed}.\nQUIT\n`;
    const { d, out } = await deliveredBy(
      run("openssl", ["s_client", "-starttls", "smtp", "-connect", `127.0.0.1:${port("smtp")}`, "-CAfile", caFile, "-verify_return_error", "-crlf", "-quiet"], {
        steps: [[0, dialogue]],
        until: /^221 /m,
        ms: 20_000,
      }),
    );
    assert.match(out.stdout, /^250 2\.0\.0 queued/m);
    assert.match(out.stdout, /^221 2\.0\.0/m);
    assertIntact(d, "ESMTPS");
  });

  test("node:tls client: plaintext pipelined after STARTTLS is never run (CVE-2011-0411)", async () => {
    const calls = backend.calls.length;
    // A raw client, since real ones refuse to do this: STARTTLS and a smuggled MAIL in one write.
    const c = await connectRaw(port("smtp"));
    try {
      await c.readUntil("220 ");
      await c.write("EHLO raw.test\r\n");
      await c.readUntil("250 HELP");
      await c.write("STARTTLS\r\nMAIL FROM:<ceo@example.test>\r\n");
      await c.readUntil("220 2.0.0");
      const t = await upgradeRaw(c, (await testCert()).cert);
      await t.write("RCPT TO:<bob@example.test>\r\n");
      const got = await t.readUntil(/\r\n/);
      assert.match(got, /^503 5\.5\.1/, "no MAIL was run: RCPT is out of sequence");
      t.close();
    } finally {
      c.close();
    }
    assert.ok(!backend.calls.slice(calls).some((x) => x.includes("ceo@example.test")));
  });

  test("stopping the service tells a connected client 421 4.3.2", async () => {
    const c = await connectRaw(port("smtp"));
    await c.readUntil("220 ");
    await c.write("EHLO raw.test\r\n");
    await c.readUntil("250 HELP");
    await manager.stop("smtp");
    await c.readUntil("421 4.3.2 mx.example.test service shutting down\r\n");
    await c.ended;
    assert.equal((await manager.start("smtp")).status, "running");
  });
});
