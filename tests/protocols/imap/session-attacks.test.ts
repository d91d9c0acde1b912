/**
 * Hostile input from issue 7, each one answered with BAD/NO or a disconnect, with memory bounded
 * by the limits rather than by what the client sends.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { type Fixture, fixture } from "./harness.ts";

describe("IMAP session: hostile input", () => {
  let f: Fixture;
  before(async () => (f = await fixture()));
  after(() => f.close());

  test("a LOGIN {4294967296}: BAD before any continuation; the session goes on", async () => {
    const s = await f.session();
    await s.send("a LOGIN {4294967296}\r\n");
    const r = await s.answer("a");
    assert.match(r.tagged, /^BAD 4294967296-byte literal refused \(at most 65536 bytes outside APPEND\)$/);
    assert.doesNotMatch(r.raw, /^\+/m, "no continuation was offered");
    assert.equal((await s.cmd("NOOP")).status, "OK");
  });

  test("before login, APPEND literals are held to the line length, not the message size", async () => {
    const s = await f.session();
    await s.send("a APPEND INBOX {1000000}\r\n");
    assert.match((await s.answer("a")).tagged, /^BAD 1000000-byte literal refused \(at most 65536 bytes outside APPEND\)$/);
    await s.login();
    await s.send("b APPEND INBOX {1000000}\r\n");
    await s.waitFor(/^\+ Ready for literal data\r\n$/);
  });

  test("{99999999999999999999}: BAD, not a number overflow", async () => {
    const s = await f.session();
    await s.send("a LOGIN {99999999999999999999}\r\n");
    assert.match((await s.answer("a")).tagged, /^BAD absurdly large literal refused/);
    await s.login();
    await s.send("b APPEND INBOX {99999999999999999999}\r\n");
    assert.match((await s.answer("b")).tagged, /^NO \[TOOBIG\] absurdly large literal refused/);
  });

  test("a non-synchronising literal that is too big: BAD and the connection closes (its bytes are on the way)", async () => {
    const s = await f.session();
    await s.login();
    await s.send("a APPEND INBOX {4294967296+}\r\nFrom: x\r\n");
    const r = await s.answer("a");
    assert.match(r.tagged, /^BAD 4294967296-byte literal refused/);
    await s.client.closed;
    assert.match(s.client.received(), /\* BYE closing connection\r\n$/);
    assert.ok(s.logs.some((l) => /closing: non-synchronising 4294967296-byte literal refused/.test(l)));
  });

  test("a syntax error on a line that announces a non-synchronising literal: BAD and closed, its bytes never run", async () => {
    const s = await f.session();
    await s.send('a LOGIN "unterminated {12+}\r\nb CAPABILITY\r\n');
    const r = await s.answer("a");
    assert.equal(r.tagged, "BAD unterminated quoted string");
    await s.client.closed;
    assert.doesNotMatch(s.client.received(), /^\* CAPABILITY /m);
    assert.match(s.client.received(), /\* BYE closing connection\r\n$/);
  });

  test("deep parentheses without LF: answered once past the line limit, then closed; the rest is never read", async () => {
    const s = await f.session({ limits: { maxLineLength: 8192 } });
    const chunk = "(".repeat(16 * 1024);
    let sent = 0;
    // Up to 10 MB, but stop as soon as the server has hung up.
    const sending = (async () => {
      await s.send("a SEARCH ");
      while (sent < 10 * 1024 * 1024 && !s.client.isClosed()) {
        await s.send(chunk).catch(() => {});
        sent += chunk.length;
      }
    })();
    await s.client.closed;
    await sending;
    assert.match(s.client.received(), /^\* BAD \[TOOBIG\] command line too long \(at most 8192 bytes\)\r\n\* BYE closing connection\r\n$/m);
    assert.ok(sent < 1024 * 1024, `the server read on for ${sent} bytes`);
  });

  test("deep parentheses inside the limit: BAD for the nesting, the session goes on", async () => {
    const s = await f.session();
    await s.login();
    await s.cmd("SELECT INBOX");
    const r = await s.cmd("SEARCH " + "(".repeat(1000) + "ALL" + ")".repeat(1000));
    assert.match(r.tagged, /^BAD lists nested too deeply/);
    assert.equal((await s.cmd("NOOP")).status, "OK");
  });

  test("NUL in a quoted string, in an atom, CR inside a line", async () => {
    const s = await f.session();
    assert.equal((await s.cmd('LOGIN "ali\u0000ce" x')).tagged, "BAD NUL in quoted string");
    assert.equal((await s.cmd("LOGIN ali\u0000ce x")).tagged, "BAD NUL in command");
    assert.equal((await s.cmd("LOGIN al\rice x")).tagged, "BAD control character in atom");
  });

  test("a 10 MB line with its LF: one BAD [TOOBIG] and a disconnect", async () => {
    const s = await f.session();
    const big = "a LOGIN " + "x".repeat(10 * 1024 * 1024) + "\r\n";
    void s.send(big).catch(() => {});
    await s.client.closed;
    assert.match(s.client.received(), /\* BAD \[TOOBIG\] command line too long \(at most 65536 bytes\)\r\n\* BYE closing connection\r\n$/);
  });

  test("literals outside APPEND add up: the total of one command is bounded too", async () => {
    const s = await f.session({ limits: { maxLineLength: 8192 } });
    await s.send("a LOGIN {5000}\r\n");
    await s.waitFor(/^\+ /);
    await s.send("x".repeat(5000) + " {5000}\r\n");
    const r = await s.answer("a");
    assert.match(r.tagged, /^BAD 5000-byte literal refused \(at most 3192 bytes outside APPEND\)$/);
  });

  test("twenty bad commands end the session", async () => {
    const s = await f.session();
    for (let i = 0; i < 19; i++) assert.equal((await s.cmd("BOGUS")).status, "BAD");
    await s.send("z BOGUS\r\n");
    await s.client.closed;
    assert.match(s.client.received(), /z BAD unknown command BOGUS\r\n\* BYE too many invalid commands\r\n$/);
    assert.ok(s.logs.some((l) => /closing after 20 bad commands/.test(l)));
  });

  test("service shutdown: BYE [UNAVAILABLE], also in IDLE", async () => {
    const s = await f.session();
    await s.login();
    await s.cmd("SELECT INBOX");
    await s.send("i IDLE\r\n");
    await s.waitFor(/^\+ idling/);
    s.abort.abort();
    await s.client.closed;
    assert.match(s.client.received(), /\* BYE \[UNAVAILABLE\] server shutting down\r\n$/);
  });
});
