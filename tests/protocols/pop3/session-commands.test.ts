import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { FakeBackend } from "./fake-backend.ts";
import { HOST, startSession } from "./harness.ts";

const M1 = "From: a@example.test\r\nSubject: one\r\n\r\nfirst line\r\n.starts with a dot\r\n.\r\n..two dots\r\nlast\r\n";
const M2 = "Subject: two\r\n\r\nbody\r\n";
const M3 = "Subject: three\r\n\r\nno line end at the end";

async function loggedIn(o: { backend?: FakeBackend } = {}) {
  const backend = o.backend ?? new FakeBackend();
  if (!o.backend) for (const m of [M1, M2, M3]) backend.deliver("alice@example.test", m);
  const s = await startSession({ service: "pop3s", backend });
  assert.match(await s.login(), /^\+OK/);
  return s;
}

describe("POP3 session: TRANSACTION commands", () => {
  test("STAT, LIST and LIST n", async () => {
    const s = await loggedIn();
    assert.equal(await s.cmd("STAT"), `+OK 3 ${M1.length + M2.length + M3.length}`);
    const list = await s.multi("LIST");
    assert.equal(list.status, `+OK 3 messages (${M1.length + M2.length + M3.length} octets)`);
    assert.equal(list.body, `1 ${M1.length}\r\n2 ${M2.length}\r\n3 ${M3.length}\r\n`);
    assert.equal(await s.cmd("LIST 2"), `+OK 2 ${M2.length}`);
    assert.equal(await s.cmd("LIST 4"), "-ERR no such message, only 3 in maildrop");
    assert.equal(await s.cmd("LIST 0"), "-ERR no such message, only 3 in maildrop");
    assert.equal(await s.cmd("LIST x"), '-ERR invalid message number "x"');
    assert.equal(await s.cmd("LIST 1 2"), "-ERR syntax: LIST [msg]");
  });

  test("RETR sends the message byte for byte, dot-stuffed on the wire", async () => {
    const s = await loggedIn();
    assert.equal(await s.cmd("RETR 1"), `+OK ${M1.length} octets`);
    const wire = s.client.received();
    assert.ok(wire.includes("\r\n..starts with a dot\r\n..\r\n...two dots\r\n"), "leading dots are doubled");
    assert.equal(await s.body(), M1);
    // A message whose last line has no line end gets one before the terminator.
    assert.equal((await s.multi("RETR 3")).body, M3 + "\r\n");
    assert.equal(await s.cmd("RETR"), "-ERR syntax: RETR msg");
    assert.equal(await s.cmd("RETR 9"), "-ERR no such message, only 3 in maildrop");
  });

  test("TOP msg n: header, blank line and n lines, stuffed", async () => {
    const s = await loggedIn();
    assert.deepEqual(await s.multi("TOP 1 0"), { status: "+OK top of message follows", body: "From: a@example.test\r\nSubject: one\r\n\r\n" });
    assert.equal((await s.multi("TOP 1 2")).body, "From: a@example.test\r\nSubject: one\r\n\r\nfirst line\r\n.starts with a dot\r\n");
    assert.equal((await s.multi("TOP 2 99")).body, M2);
    assert.equal(await s.cmd("TOP 1"), "-ERR syntax: TOP msg n");
    assert.equal(await s.cmd("TOP 1 -1"), '-ERR invalid line count "-1"');
  });

  test("UIDL and UIDL n: <uidvalidity>.<uid>, stable across sessions", async () => {
    const backend = new FakeBackend();
    for (const m of [M1, M2, M3]) backend.deliver("alice@example.test", m);
    const s = await loggedIn({ backend });
    const first = await s.multi("UIDL");
    assert.deepEqual(first, { status: "+OK unique-id listing follows", body: "1 1700000000.1\r\n2 1700000000.2\r\n3 1700000000.3\r\n" });
    assert.equal(await s.cmd("UIDL 2"), "+OK 2 1700000000.2");
    await s.cmd("DELE 1");
    await s.cmd("QUIT");
    backend.deliver("alice@example.test", "Subject: four\r\n\r\n4\r\n");
    const again = await loggedIn({ backend });
    assert.equal((await again.multi("UIDL")).body, "1 1700000000.2\r\n2 1700000000.3\r\n3 1700000000.4\r\n", "same message, same UIDL; numbers move, UIDLs do not");
  });

  test("DELE marks; marked messages vanish from STAT/LIST/UIDL and refuse RETR/TOP/DELE; RSET unmarks", async () => {
    const s = await loggedIn();
    assert.equal(await s.cmd("DELE 2"), "+OK message 2 deleted");
    assert.equal(await s.cmd("STAT"), `+OK 2 ${M1.length + M3.length}`);
    assert.equal((await s.multi("LIST")).body, `1 ${M1.length}\r\n3 ${M3.length}\r\n`);
    assert.equal((await s.multi("UIDL")).body, "1 1700000000.1\r\n3 1700000000.3\r\n");
    for (const c of ["RETR 2", "TOP 2 0", "DELE 2", "LIST 2", "UIDL 2"]) assert.equal(await s.cmd(c), "-ERR message 2 already deleted", c);
    assert.equal(await s.cmd("RSET"), `+OK maildrop has 3 messages (${M1.length + M2.length + M3.length} octets)`);
    assert.equal(await s.cmd("LIST 2"), `+OK 2 ${M2.length}`);
  });

  test("DELE + QUIT removes the marked messages in one expunge; the rest stays", async () => {
    const s = await loggedIn();
    await s.cmd("DELE 1");
    await s.cmd("DELE 3");
    assert.equal(await s.cmd("QUIT"), `+OK ${HOST} POP3 server signing off (2 messages deleted)`);
    await s.done;
    assert.deepEqual(s.backend.uids("alice@example.test"), [2]);
    assert.ok(s.backend.calls.includes("expunge 1,3"));
    assert.equal(s.backend.calls.filter((c) => c.startsWith("expunge")).length, 1);
  });

  test("DELE and a dropped connection (or a shutdown) delete nothing", async () => {
    const s = await loggedIn();
    await s.cmd("DELE 1");
    await s.client.end();
    await s.done;
    assert.deepEqual(s.backend.uids("alice@example.test"), [1, 2, 3]);
    assert.ok(s.logs.some((l) => /session ended without QUIT: 1 messages marked for deletion are kept/.test(l)));

    const t = await loggedIn({ backend: s.backend });
    await t.cmd("DELE 2");
    t.abort.abort();
    await t.done;
    assert.deepEqual(t.backend.uids("alice@example.test"), [1, 2, 3]);
    assert.ok(!t.backend.calls.some((c) => c.startsWith("expunge")));
  });

  test("an expunge that fails is -ERR [SYS/TEMP] and nothing was removed", async () => {
    const s = await loggedIn();
    await s.cmd("DELE 1");
    s.backend.failIn = "expunge";
    assert.equal(await s.cmd("QUIT"), "-ERR [SYS/TEMP] some deleted messages not removed, try again later");
    await s.done;
    assert.deepEqual(s.backend.uids("alice@example.test"), [1, 2, 3]);
    assert.ok(s.logs.some((l) => /ERROR .*backend expunge failed/.test(l)));
  });

  test("a message expunged meanwhile (over IMAP): RETR/TOP say so, the session goes on, QUIT works", async () => {
    const s = await loggedIn();
    s.backend.inboxes.get(1)!.messages.delete(2);
    assert.equal(await s.cmd("RETR 2"), "-ERR message 2 is no longer available (removed by another session)");
    assert.equal(await s.cmd("TOP 2 1"), "-ERR message 2 is no longer available (removed by another session)");
    assert.equal((await s.multi("RETR 3")).body, M3 + "\r\n");
    assert.equal(await s.cmd("DELE 2"), "+OK message 2 deleted");
    assert.equal(await s.cmd("DELE 1"), "+OK message 1 deleted");
    assert.match(await s.cmd("QUIT"), /^\+OK .*signing off/);
    assert.deepEqual(s.backend.uids("alice@example.test"), [3]);
    assert.ok(s.logs.some((l) => /removed 1 messages of alice@example\.test \(1 were already gone\)/.test(l)));
  });

  test("a store fault on RETR is -ERR [SYS/TEMP] for that command only", async () => {
    const s = await loggedIn();
    s.backend.failIn = "body";
    assert.equal(await s.cmd("RETR 1"), "-ERR [SYS/TEMP] temporary failure on the server, try again later");
    s.backend.failIn = null;
    assert.equal((await s.multi("RETR 1")).body, M1);
  });

  test("new mail during the session does not change the numbers", async () => {
    const s = await loggedIn();
    s.backend.deliver("alice@example.test", "Subject: late\r\n\r\nx\r\n");
    assert.equal(await s.cmd("STAT"), `+OK 3 ${M1.length + M2.length + M3.length}`);
    assert.equal(await s.cmd("RETR 4"), "-ERR no such message, only 3 in maildrop");
  });

  test("NOOP; CAPA after login lists no login or STLS", async () => {
    const s = await loggedIn();
    assert.equal(await s.cmd("NOOP"), "+OK");
    assert.equal(await s.cmd("NOOP x"), "-ERR syntax: NOOP (no arguments)");
    assert.equal((await s.multi("CAPA")).body, "TOP\r\nUIDL\r\nRESP-CODES\r\nAUTH-RESP-CODE\r\nPIPELINING\r\nIMPLEMENTATION wrenmail\r\n");
  });

  test("QUIT before login says goodbye and closes", async () => {
    const s = await startSession();
    assert.equal(await s.cmd("QUIT"), `+OK ${HOST} POP3 server signing off`);
    await s.done;
    assert.ok(s.client.isClosed());
  });
});

describe("POP3 session: bad input", () => {
  test("TRANSACTION commands before login; unknown commands; all logged", async () => {
    const s = await startSession();
    for (const c of ["STAT", "LIST", "RETR 1", "DELE 1", "TOP 1 1", "UIDL", "RSET", "NOOP"]) {
      assert.match(await s.cmd(c), /^-ERR [A-Z]+ needs a login first \(USER\/PASS or AUTH\)$/, c);
    }
    assert.equal(await s.cmd("XYZZY"), "-ERR unknown command");
    assert.ok(s.logs.some((l) => /refused STAT: -ERR STAT needs a login first/.test(l)));
    assert.ok(s.logs.some((l) => /refused XYZZY: -ERR unknown command/.test(l)));
  });

  test("after maxErrors bad commands the connection is closed", async () => {
    const s = await startSession({ limits: { maxErrors: 3 } });
    assert.equal(await s.cmd("FOO"), "-ERR unknown command");
    assert.equal(await s.cmd(""), "-ERR unknown command");
    assert.equal(await s.cmd("RETR 1"), "-ERR RETR needs a login first (USER/PASS or AUTH)");
    assert.equal(await s.line(), `-ERR ${HOST} too many bad commands, closing connection`);
    await s.done;
    assert.ok(s.logs.some((l) => /WARN .*closing after 3 bad commands/.test(l)));
  });

  test("a line longer than 8 KiB is refused and skipped; the next command works", async () => {
    const s = await startSession();
    assert.equal(await s.cmd("NOOP " + "x".repeat(9000)), "-ERR line too long (at most 8192 bytes)");
    assert.match(await s.cmd("CAPA"), /^\+OK/);
  });

  test("a bare CR inside a command is refused; a bare LF line end is accepted", async () => {
    const s = await startSession();
    assert.equal(await s.cmd("CA\rPA"), "-ERR bare CR in command: lines end with CRLF");
    await s.send("QUIT\n");
    assert.match(await s.line(), /^\+OK .*signing off/);
  });

  test("control characters the client sends are never echoed into a reply", async () => {
    const s = await startSession({ service: "pop3s" });
    await s.login();
    assert.equal(await s.cmd("LIST 1\x00x"), "-ERR syntax: LIST [msg]");
    assert.equal(await s.cmd("TOP 1 \x1b[31m"), "-ERR syntax: TOP msg n");
  });
});

describe("POP3 session: PIPELINING and large mailboxes", () => {
  test("commands sent in one write are answered in order, in one batch", async () => {
    const s = await loggedIn();
    const before = s.client.chunks().length;
    await s.send("STAT\r\nLIST 1\r\nUIDL 2\r\nNOOP\r\nRETR 2\r\nDELE 2\r\nSTAT\r\n");
    assert.equal(await s.line(), `+OK 3 ${M1.length + M2.length + M3.length}`);
    assert.equal(await s.line(), `+OK 1 ${M1.length}`);
    assert.equal(await s.line(), "+OK 2 1700000000.2");
    assert.equal(await s.line(), "+OK");
    assert.equal(await s.line(), `+OK ${M2.length} octets`);
    assert.equal(await s.body(), M2);
    assert.equal(await s.line(), "+OK message 2 deleted");
    assert.equal(await s.line(), `+OK 2 ${M1.length + M3.length}`);
    assert.equal(s.client.chunks().length - before, 1, "seven answers, one write");
  });

  test("a 20,000-message maildrop lists completely; a 5 MB message streams intact in several writes", async () => {
    const backend = new FakeBackend();
    for (let i = 0; i < 20_000; i++) backend.deliver("alice@example.test", `Subject: ${i}\r\n\r\n.\r\n`);
    const line = "." + "y".repeat(98) + "\r\n";
    const big = "Subject: big\r\n\r\n" + line.repeat(50_000);
    backend.deliver("alice@example.test", big);
    const s = await loggedIn({ backend });
    const list = await s.multi("LIST");
    assert.equal(list.status.split(" ")[1], "20001");
    const lines = list.body!.split("\r\n").filter(Boolean);
    assert.equal(lines.length, 20_001);
    assert.equal(lines[19_999], `20000 ${"Subject: 19999\r\n\r\n.\r\n".length}`);
    const chunks = s.client.chunks().length;
    assert.equal((await s.multi("RETR 20001")).body, big);
    assert.ok(s.client.chunks().length - chunks > 10, "written in pieces, not as one buffer");
  });
});
