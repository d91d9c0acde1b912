/**
 * The whole server (createMailServer from a config file) with the real POP3 session on the store:
 * mailboxes filled over SMTP (Python smtplib, swaks), then emptied by real POP3 clients — Python
 * poplib (in clear, STLS, POP3_SSL), curl pop3:// and pop3s://, fetchmail and getmail6 — every
 * message byte for byte as stored, and after the trace headers delivery added, as sent.
 *
 * Needs the Debian packages python3, curl, swaks, fetchmail and getmail6.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../src/config/mod.ts";
import { createMailServer, type MailServer } from "../../src/server.ts";
import { writeTestConfig } from "../helpers/config.ts";
import { connectRaw, run, upgradeRaw } from "../helpers/net.ts";
import { runChild } from "../helpers/spawn.ts";

const enc = new TextEncoder();
const latin1 = (b: Uint8Array) => Buffer.from(b).toString("latin1");

/**
 * What is sent: lines that start with dots (stuffed by SMTP and again by POP3), a line of only a
 * dot, 8-bit UTF-8, trailing spaces, a line longer than 1,000 bytes, and a message of about 1 MB.
 */
const MESSAGES: Uint8Array[] = [
  [
    "From: Sender <sender@outside.org>",
    "To: Reader <reader@example.test>",
    "Subject: =?UTF-8?Q?gr=C3=BC=C3=9Fe?=",
    "Message-ID: <pop-it-1@outside.org>",
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
  ].join("\r\n"),
  "From: sender@outside.org\r\nSubject: second\r\nMessage-ID: <pop-it-2@outside.org>\r\n\r\nshort\r\n",
  "From: sender@outside.org\r\nSubject: big\r\nMessage-ID: <pop-it-3@outside.org>\r\n\r\n" + ("." + "y".repeat(76) + "\r\n").repeat(13_000),
].map((m) => enc.encode(m));

/** The stored message without the Return-Path and Received headers delivery added. */
const stripTrace = (stored: string) => stored.replace(/^Return-Path: [^\r\n]*\r?\nReceived: [^\r\n]*(\r?\n[ \t][^\r\n]*)*\r?\n/, "");

describe("POP3 through the whole server with real clients", () => {
  let dir: string;
  let ports: Record<string, number>;
  let server: MailServer;
  let caFile: string;
  let caPem: string;
  /** The stored bytes of reader@'s messages, as latin1 text, in UID order. */
  let stored: string[];
  let uidValidity: number;
  let uids: number[];

  /** A delivery command for fetchmail and getmail: each message on stdin into a new file in `out`. */
  async function saver(home: string, out: string): Promise<string> {
    const path = join(home, "save.sh");
    await writeFile(path, `#!/bin/sh\ncat > "$(mktemp -p '${out}' msg.XXXXXX)"\n`);
    await chmod(path, 0o755);
    return path;
  }

  async function inbox(address: string) {
    const store = server.store;
    const account = await store.accounts.get(address);
    const box = (await store.mailboxes.get(account!.id, "INBOX"))!;
    const out: { uid: number; text: string }[] = [];
    for (const m of await store.messages.list(box.id)) out.push({ uid: m.uid, text: latin1((await store.blobs.get(m.blobId))!) });
    return { box, messages: out };
  }

  /** Sends `messages` to `to` over SMTP (smtplib, one session). */
  async function fill(to: string, messages: Uint8Array[]): Promise<void> {
    const files = await Promise.all(messages.map(async (m, i) => {
      const f = join(dir, `fill-${to}-${i}.eml`);
      await writeFile(f, m);
      return f;
    }));
    const py = `
import smtplib, sys, json
s = smtplib.SMTP("127.0.0.1", ${ports.smtp}, timeout=30)
for f in json.loads(sys.argv[1]):
    s.sendmail("sender@outside.org", [${JSON.stringify(to)}], open(f, "rb").read())
s.quit()
`;
    const r = await run("python3", ["-c", py, JSON.stringify(files)], { ms: 60_000 });
    assert.equal(r.code, 0, r.stderr);
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "wrenmail-pop3-it-"));
    ({ ports } = await writeTestConfig(dir, "pop3:\n  allowPlaintextAuth: true\n  authFailureDelayMs: 0\n"));
    server = createMailServer(await loadConfig(join(dir, "wrenmail.yaml")), { write: () => {}, graceMs: 200 });
    await server.start();
    await server.store.domains.add("example.test");
    for (const u of ["reader", "dele", "lock", "gone"]) await server.store.accounts.add({ address: `${u}@example.test`, password: `${u}-pw-1` });
    caPem = (await server.store.certificates.get("default"))!.cert;
    caFile = join(dir, "ca.pem");
    await writeFile(caFile, caPem);
    await fill("reader@example.test", MESSAGES);
    // One more through swaks, so two SMTP clients' mail is in the box (swaks adds the last CRLF itself).
    const swaksBody = "From: sender@outside.org\r\nSubject: swaks\r\n\r\n.\r\nvia swaks";
    await writeFile(join(dir, "swaks.eml"), swaksBody);
    const s = await run("swaks", ["--server", "127.0.0.1", "--port", String(ports.smtp), "--from", "sender@outside.org", "--to", "reader@example.test", "--data", `@${join(dir, "swaks.eml")}`], { ms: 30_000 });
    assert.equal(s.code, 0, s.stdout + s.stderr);
    const r = await inbox("reader@example.test");
    stored = r.messages.map((m) => m.text);
    uids = r.messages.map((m) => m.uid);
    uidValidity = r.box.uidValidity;
    assert.equal(stored.length, 4);
    MESSAGES.forEach((m, i) => assert.equal(stripTrace(stored[i]!), latin1(m), `message ${i + 1} stored as sent`));
  });

  after(async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /** poplib: log in over `connect`, then the UIDL listing and every message as latin1 text, as JSON. */
  async function poplib(connect: string, user = "reader") {
    const py = `
import poplib, ssl, json
poplib._MAXLINE = 1 << 20
ctx = ssl.create_default_context(cafile=${JSON.stringify(caFile)})
${connect}
p.user("${user}@example.test"); p.pass_("${user}-pw-1")
out = {"uidl": [u.decode() for u in p.uidl()[1]], "messages": []}
for i in range(1, p.stat()[0] + 1):
    out["messages"].append(b"".join(l + b"\\r\\n" for l in p.retr(i)[1]).decode("latin1"))
p.quit()
print(json.dumps(out))
`;
    const r = await run("python3", ["-c", py], { ms: 60_000 });
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as { uidl: string[]; messages: string[] };
  }

  test("Python poplib in clear (pop3.allowPlaintextAuth), after STLS, and over POP3_SSL: every message byte for byte, the same UIDLs each time", async () => {
    const sessions = [
      `p = poplib.POP3("127.0.0.1", ${ports.pop3}, timeout=30)`,
      `p = poplib.POP3("localhost", ${ports.pop3}, timeout=30)\np.stls(context=ctx)`,
      `p = poplib.POP3_SSL("localhost", ${ports.pop3s}, context=ctx, timeout=30)`,
    ];
    const expectedUidl = uids.map((u, i) => `${i + 1} ${uidValidity}.${u}`);
    for (const connect of sessions) {
      const out = await poplib(connect);
      assert.deepEqual(out.uidl, expectedUidl, connect);
      assert.equal(out.messages.length, stored.length);
      out.messages.forEach((m, i) => assert.equal(m, stored[i], `${connect}: message ${i + 1}`));
    }
  });

  test("curl pop3:// (in clear and --ssl-reqd) and pop3s://: the listing and each message byte for byte", async () => {
    const base = ["-sS", "--max-time", "30", "--cacert", caFile, "--user", "reader@example.test:reader-pw-1"];
    const list = await run("curl", [...base, `pop3://127.0.0.1:${ports.pop3}/`], { ms: 40_000 });
    assert.equal(list.code, 0, list.stderr);
    assert.equal(list.stdout, stored.map((m, i) => `${i + 1} ${m.length}\r\n`).join(""));
    for (const [i, url, extra] of [[1, `pop3://localhost:${ports.pop3}/1`, ["--ssl-reqd"]], [3, `pop3s://localhost:${ports.pop3s}/3`, []], [4, `pop3://127.0.0.1:${ports.pop3}/4`, []]] as const) {
      const file = join(dir, `curl-${i}.eml`);
      const r = await run("curl", [...base, ...extra, url, "-o", file], { ms: 40_000 });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(latin1(await readFile(file)), stored[i - 1], url);
    }
  });

  test("fetchmail over pop3s (certificate checked) retrieves every message; a second run finds nothing new (UIDLs stable)", async () => {
    const home = join(dir, "fetchmail");
    const out = join(home, "out");
    await mkdir(out, { recursive: true });
    const rc = join(home, "fetchmailrc");
    // invisible: no Received header of fetchmail's own; keep + uidl: leave the mail, remember UIDLs.
    await writeFile(
      rc,
      `set no bouncemail\nset no syslog\nset invisible\n` +
        `poll mail.example.test via 127.0.0.1 with proto POP3 port ${ports.pop3s} and options no dns uidl\n` +
        `  user 'reader@example.test' there with password 'reader-pw-1' is 'reader' here options keep ssl sslcertck sslcertfile ${caFile} sslcommonname mail.example.test ` +
        `mda "${await saver(home, out)}"\n`,
    );
    await chmod(rc, 0o600);
    const fetch = () => runChild("fetchmail", ["-f", rc, "-i", join(home, "ids")], { env: { HOME: home }, timeoutMs: 60_000 });
    const first = await fetch();
    assert.equal(first.code, 0, first.stdout + first.stderr);
    const got = await Promise.all((await readdir(out)).map(async (f) => latin1(await readFile(join(out, f)))));
    // fetchmail hands the MDA LF line ends; otherwise the bytes are the stored ones.
    assert.deepEqual(got.sort(), stored.map((m) => m.replace(/\r\n/g, "\n")).sort());
    const second = await fetch();
    assert.equal(second.code, 1, second.stdout + second.stderr); // 1: no new mail
    assert.match(second.stdout + second.stderr, /4 messages \(4 seen\)/);
    assert.equal((await readdir(out)).length, 4);
  });

  test("getmail6 over pop3s retrieves every message; a second run skips them all as seen (UIDLs stable)", async () => {
    const home = join(dir, "getmail");
    const out = join(home, "out");
    await mkdir(out, { recursive: true });
    await writeFile(
      join(home, "getmailrc"),
      [
        "[retriever]",
        "type = SimplePOP3SSLRetriever",
        "server = localhost",
        `port = ${ports.pop3s}`,
        "username = reader@example.test",
        "password = reader-pw-1",
        `ca_certs = ${caFile}`,
        "",
        "[destination]",
        "type = MDA_external",
        `path = ${await saver(home, out)}`,
        "allow_root_commands = true",
        "",
        "[options]",
        "read_all = false",
        "delete = false",
        "received = false",
        "delivered_to = false",
        "record_mailbox = false",
        "",
      ].join("\n"),
    );
    const get = () => runChild("getmail", ["--getmaildir", home, "--rcfile", "getmailrc"], { timeoutMs: 60_000 });
    const first = await get();
    assert.equal(first.code, 0, first.stdout + first.stderr);
    assert.match(first.stdout, /4 messages \(\d+ bytes\) retrieved, 0 skipped/);
    const got = await Promise.all((await readdir(out)).map(async (f) => latin1(await readFile(join(out, f)))));
    assert.deepEqual(got.sort(), stored.map((m) => m.replace(/\r\n/g, "\n")).sort());
    const second = await get();
    assert.equal(second.code, 0, second.stdout + second.stderr);
    assert.match(second.stdout, /0 messages \(0 bytes\) retrieved, 4 skipped/);
  });

  test("DELE + QUIT removes the messages from the store; DELE + a dropped connection keeps them", async () => {
    await fill("dele@example.test", MESSAGES.slice(0, 2));
    const before = await inbox("dele@example.test");
    const dropped = await run("python3", ["-c", `
import poplib
p = poplib.POP3("127.0.0.1", ${ports.pop3}, timeout=30)
p.user("dele@example.test"); p.pass_("dele-pw-1")
print(p.dele(1).decode())
p.close()  # no QUIT
`], { ms: 30_000 });
    assert.equal(dropped.code, 0, dropped.stderr);
    assert.equal(dropped.stdout, "+OK message 1 deleted\n");
    assert.deepEqual((await inbox("dele@example.test")).messages, before.messages, "nothing deleted without QUIT");
    const quit = await run("python3", ["-c", `
import poplib
p = poplib.POP3("127.0.0.1", ${ports.pop3}, timeout=30)
p.user("dele@example.test"); p.pass_("dele-pw-1")
p.dele(1)
print(p.quit().decode())
`], { ms: 30_000 });
    assert.equal(quit.code, 0, quit.stderr);
    assert.equal(quit.stdout, "+OK mail.example.test POP3 server signing off (1 messages deleted)\n");
    assert.deepEqual((await inbox("dele@example.test")).messages, before.messages.slice(1));
  });

  test("a second concurrent login gets -ERR [IN-USE]; after the first QUIT the next one gets in", async () => {
    await fill("lock@example.test", MESSAGES.slice(1, 2));
    const r = await run("python3", ["-c", `
import poplib
a = poplib.POP3("127.0.0.1", ${ports.pop3}, timeout=30)
a.user("lock@example.test"); a.pass_("lock-pw-1")
b = poplib.POP3_SSL("localhost", ${ports.pop3s}, timeout=30)
b.user("lock@example.test")
try:
    b.pass_("lock-pw-1")
except poplib.error_proto as e:
    print(e.args[0].decode())
a.quit()
b.user("lock@example.test")
print(b.pass_("lock-pw-1").decode())
b.quit()
`], { ms: 30_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "-ERR [IN-USE] maildrop already locked: another POP3 session is logged in\n+OK lock@example.test has 1 messages (" + (await inbox("lock@example.test")).messages[0]!.text.length + " octets)\n");
  });

  test("wrong password and unknown user: the same -ERR [AUTH]", async () => {
    const r = await run("python3", ["-c", `
import poplib
p = poplib.POP3_SSL("localhost", ${ports.pop3s}, timeout=30)
for user, pw in (("reader@example.test", "wrong"), ("nobody@example.test", "reader-pw-1")):
    p.user(user)
    try:
        p.pass_(pw)
    except poplib.error_proto as e:
        print(e.args[0].decode())
p.quit()
`], { ms: 30_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "-ERR [AUTH] invalid user name or password\n".repeat(2));
  });

  test("a message expunged meanwhile (as IMAP would): RETR says -ERR for it, the session goes on", async () => {
    await fill("gone@example.test", MESSAGES.slice(0, 2));
    const { box, messages } = await inbox("gone@example.test");
    const c = await connectRaw(ports.pop3);
    try {
      await c.readUntil("+OK ");
      await c.write("USER gone@example.test\r\nPASS gone-pw-1\r\n");
      await c.readUntil("has 2 messages");
      await server.store.messages.expunge(box.id, [messages[0]!.uid]);
      let from = c.text().length;
      await c.write("RETR 1\r\n");
      assert.equal((await c.readUntil(/\r\n/, 5000, from)).slice(from), "-ERR message 1 is no longer available (removed by another session)\r\n");
      from = c.text().length;
      await c.write("RETR 2\r\n");
      const got = (await c.readUntil("\r\n.\r\n", 5000, from)).slice(from);
      assert.equal(got, `+OK ${messages[1]!.text.length} octets\r\n${messages[1]!.text}.\r\n`);
      await c.write("DELE 1\r\nQUIT\r\n");
      await c.readUntil("signing off");
    } finally {
      c.close();
    }
    assert.deepEqual((await inbox("gone@example.test")).messages, messages.slice(1));
  });

  test("STLS injection: CAPA in the same write as STLS is not answered inside TLS", async () => {
    const c = await connectRaw(ports.pop3);
    try {
      await c.readUntil("+OK ");
      await c.write("STLS\r\nCAPA\r\n");
      await c.readUntil("+OK begin TLS negotiation\r\n");
      assert.doesNotMatch(c.text(), /capability/);
      const t = await upgradeRaw(c, caPem, "localhost");
      await t.write("NOOP\r\n");
      assert.equal(await t.readUntil(/\r\n/), "-ERR NOOP needs a login first (USER/PASS or AUTH)\r\n");
      t.close();
    } finally {
      c.close();
    }
  });
});
