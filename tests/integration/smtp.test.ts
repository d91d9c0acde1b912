/**
 * The whole server (createMailServer from a config file) with the real SMTP session and the real
 * mail backend, driven by real clients over loopback: what a user of wrenmail sees.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../src/config/mod.ts";
import { createMailServer, type MailServer } from "../../src/server.ts";
import { writeTestConfig } from "../helpers/config.ts";
import { run } from "../helpers/net.ts";

const BODY = (subject: string) =>
  `From: Alice <alice@example.test>\r\nTo: Bob <bob@example.test>\r\nSubject: ${subject}\r\nMessage-ID: <${subject}@example.test>\r\n\r\nHello Bob,\r\n.a line that starts with a dot\r\nbye\r\n`;

describe("SMTP through the whole server with real clients", () => {
  let dir: string;
  let ports: Record<string, number>;
  let server: MailServer;

  async function inbox(address: string): Promise<string[]> {
    const store = server.store;
    const account = await store.accounts.get(address);
    const box = await store.mailboxes.get(account!.id, "INBOX");
    const out: string[] = [];
    for (const m of await store.messages.list(box!.id)) out.push(new TextDecoder().decode((await store.blobs.get(m.blobId))!));
    return out;
  }
  /** swaks reads the message from a file (`@path`) and adds the last line end itself. */
  async function swaksFile(body: string): Promise<string> {
    const path = join(dir, `swaks-${Math.random().toString(36).slice(2)}.eml`);
    await writeFile(path, body.endsWith("\r\n") ? body.slice(0, -2) : body);
    return `@${path}`;
  }
  /** The stored message without the trace headers the server added. */
  const stripTrace = (stored: string) => stored.replace(/^Return-Path: [^\r]*\r\nReceived: [^\r]*(\r\n[ \t][^\r]*)*\r\n/, "");

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "wrenmail-smtp-it-"));
    ({ ports } = await writeTestConfig(dir, "smtp:\n  maxMessageSize: 200000\n  postmaster: postmaster@example.test\n"));
    server = createMailServer(await loadConfig(join(dir, "wrenmail.yaml")), { write: () => {}, graceMs: 200 });
    await server.start();
    await server.store.domains.add("example.test");
    await server.store.accounts.add({ address: "alice@example.test", password: "alice-pw-1" });
    await server.store.accounts.add({ address: "bob@example.test", password: "bob-pw-1" });
    await server.store.aliases.add("team@example.test", ["bob@example.test", "carol@remote.org"]);
    await server.store.aliases.add("postmaster@example.test", ["alice@example.test"]);
  });
  after(async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test("swaks to port 25: delivered to the INBOX byte for byte, with Return-Path and Received", async () => {
    const body = BODY("swaks-25");
    const r = await run("swaks", ["--server", "127.0.0.1", "--port", String(ports.smtp), "--from", "sender@outside.org", "--to", "bob@example.test", "--data", await swaksFile(body)], { ms: 30_000 });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const stored = (await inbox("bob@example.test")).find((m) => m.includes("swaks-25"))!;
    // The id in "queued as" is the one in the Received header, so a message can be followed.
    const queuedAs = r.stdout.match(/250 2\.0\.0 .*queued as (\S+)/)![1];
    assert.match(stored, new RegExp(`with ESMTP id ${queuedAs}\\b`));
    assert.match(stored, /^Return-Path: <sender@outside\.org>\r\nReceived: from /);
    assert.equal(stripTrace(stored), body);
  });

  test("Python smtplib on submission: STARTTLS + AUTH PLAIN; local copy delivered, remote recipient queued", async () => {
    const body = BODY("smtplib-587");
    const py = `
import smtplib, ssl, sys
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
s = smtplib.SMTP("127.0.0.1", ${ports.submission}, timeout=20)
s.starttls(context=ctx)
s.login("alice@example.test", "alice-pw-1")
refused = s.sendmail("alice@example.test", ["team@example.test"], sys.stdin.buffer.read(),
                     mail_options=["RET=HDRS", "ENVID=trace-42"], rcpt_options=["NOTIFY=SUCCESS,FAILURE", "ORCPT=rfc822;team@example.test"])
print("refused", refused)
s.quit()
`;
    const r = await run("python3", ["-c", py], { steps: [[0, body]], ms: 30_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /refused \{\}/);
    const stored = (await inbox("bob@example.test")).find((m) => m.includes("smtplib-587"))!;
    assert.equal(stripTrace(stored), body);
    assert.match(stored, /with ESMTPSA id /);
    const queued = (await server.store.queue.list()).find((q) => q.recipients.includes("carol@remote.org") && q.sender === "alice@example.test");
    assert.ok(queued, "the remote copy is queued");
    // DSN parameters are kept with the queued message for the outbound queue (RFC 3461).
    assert.equal(queued.dsn?.envid, "trace-42");
    assert.equal(queued.dsn?.ret, "HDRS");
    assert.deepEqual(queued.dsn?.recipients["carol@remote.org"]?.notify, ["SUCCESS", "FAILURE"]);
    assert.match(queued.dsn?.recipients["carol@remote.org"]?.orcpt ?? "", /team@example\.test/);
  });

  test("bare RCPT TO:<Postmaster> (smtplib) reaches smtp.postmaster's alias, unauthenticated", async () => {
    const py = `
import smtplib
s = smtplib.SMTP("127.0.0.1", ${ports.smtp}, timeout=20)
s.ehlo("client.outside.org")
print("mail", s.mail("someone@outside.org"))
print("rcpt", s.rcpt("Postmaster"))
print("data", s.data(b"Subject: to postmaster\\r\\n\\r\\npostmaster-bare\\r\\n"))
s.quit()
`;
    const r = await run("python3", ["-c", py], { ms: 30_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /rcpt \(250,/);
    assert.ok((await inbox("alice@example.test")).some((m) => m.includes("postmaster-bare")), "delivered to the alias's account");
  });

  test("curl smtp:// and nodemailer over smtps deliver intact", async () => {
    const body = BODY("curl-25");
    const c = await run("curl", ["-sS", "-v", `smtp://127.0.0.1:${ports.smtp}`, "--mail-from", "x@outside.org", "--mail-rcpt", "alice@example.test", "-T", "-"], { steps: [[0, body]], ms: 30_000 });
    assert.equal(c.code, 0, c.stderr + c.stdout);
    assert.equal(stripTrace((await inbox("alice@example.test")).find((m) => m.includes("curl-25"))!), body);

    const nodemailer = (await import("nodemailer")).default;
    const transport = nodemailer.createTransport({ host: "127.0.0.1", port: ports.smtps, secure: true, auth: { user: "bob@example.test", pass: "bob-pw-1" }, tls: { rejectUnauthorized: false } });
    const raw = BODY("nodemailer-465");
    const info = await transport.sendMail({ envelope: { from: "bob@example.test", to: ["alice@example.test"] }, raw });
    transport.close();
    assert.deepEqual(info.accepted, ["alice@example.test"]);
    assert.equal(stripTrace((await inbox("alice@example.test")).find((m) => m.includes("nodemailer-465"))!), raw);
  });

  test("an unauthenticated client cannot relay, whatever the trick; every attempt is 5xx at RCPT", async () => {
    const tricks = [
      "victim@remote.org",
      "victim%remote.org@example.test",
      "@example.test:victim@remote.org",
      '"victim@remote.org"@example.test',
      "remote.org!victim@example.test",
      "victim@remote.org.",
      "victim@[127.0.0.1]",
      "VICTIM@REMOTE.ORG",
    ];
    const py = `
import smtplib, json
out = {}
s = smtplib.SMTP("127.0.0.1", ${ports.smtp}, timeout=20)
s.ehlo("relay-tester.example")
for rcpt in json.loads(${JSON.stringify(JSON.stringify(tricks))}):
    s.rset()
    s.mail("spammer@outside.org")
    code, msg = s.docmd("RCPT TO:<%s>" % rcpt)
    out[rcpt] = code
s.quit()
print(json.dumps(out))
`;
    const r = await run("python3", ["-c", py], { ms: 60_000 });
    assert.equal(r.code, 0, r.stderr);
    const codes = JSON.parse(r.stdout.trim()) as Record<string, number>;
    for (const t of tricks) assert.ok(codes[t] >= 500 && codes[t] < 600, `${t} answered ${codes[t]}`);
    assert.equal((await server.store.queue.list()).filter((q) => q.sender === "spammer@outside.org").length, 0);
  });

  test("a message over the size limit is refused with 552 and nothing is stored", async () => {
    const before = (await inbox("alice@example.test")).length;
    const big = "Subject: big\r\n\r\n" + ("x".repeat(998) + "\r\n").repeat(400);
    const r = await run("swaks", ["--server", "127.0.0.1", "--port", String(ports.smtp), "--from", "x@outside.org", "--to", "alice@example.test", "--data", await swaksFile(big)], { ms: 30_000 });
    assert.match(r.stdout, /<\*\* 552 5\.3\.4/);
    assert.equal((await inbox("alice@example.test")).length, before);
  });
});
