import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { type Fixture, fixture } from "./harness.ts";

const b64 = (s: string) => btoa(String.fromCharCode(...new TextEncoder().encode(s)));

describe("IMAP session: greeting, CAPABILITY, LOGIN, AUTHENTICATE, STARTTLS", () => {
  let f: Fixture;
  before(async () => (f = await fixture()));
  after(() => f.close());

  test("greeting carries the capabilities; CAPABILITY lists them, STARTTLS and AUTH=PLAIN before login", async () => {
    const s = await f.session();
    assert.match(s.greeting, /^\* OK \[CAPABILITY IMAP4rev1 IMAP4rev2 .*\] imap\.example\.test wrenmail IMAP4rev2 ready$/);
    const r = await s.cmd("CAPABILITY");
    assert.equal(r.status, "OK");
    const caps = r.untagged[0]!.split(" ");
    for (const c of ["IMAP4rev1", "IMAP4rev2", "LITERAL+", "SASL-IR", "IDLE", "STARTTLS", "AUTH=PLAIN", "APPENDLIMIT=26214400"]) assert.ok(caps.includes(c), c);
    assert.ok(!caps.includes("LOGINDISABLED"));
  });

  test("without TLS and allowPlaintextAuth: LOGINDISABLED, LOGIN and AUTHENTICATE refused and logged", async () => {
    const s = await f.session({ limits: { allowPlaintextAuth: false } });
    assert.match(s.greeting, /LOGINDISABLED/);
    assert.doesNotMatch(s.greeting, /AUTH=PLAIN/);
    const r = await s.cmd("LOGIN alice@example.test alice-pw-1");
    assert.equal(r.tagged, "NO [PRIVACYREQUIRED] LOGIN is disabled until STARTTLS");
    assert.equal((await s.cmd(`AUTHENTICATE PLAIN ${b64("\0alice@example.test\0alice-pw-1")}`)).status, "NO");
    assert.ok(s.logs.some((l) => /LOGIN refused before STARTTLS/.test(l)));
  });

  test("STARTTLS: tagged OK, then TLS; LOGIN works after it; CAPABILITY no longer offers STARTTLS", async () => {
    const s = await f.session({ limits: { allowPlaintextAuth: false } });
    const r = await s.cmd("STARTTLS");
    assert.equal(r.tagged, "OK begin TLS negotiation now");
    await s.client.startTls();
    const caps = await s.cmd("CAPABILITY");
    assert.doesNotMatch(caps.untagged[0]!, /STARTTLS|LOGINDISABLED/);
    assert.match(caps.untagged[0]!, /AUTH=PLAIN/);
    const l = await s.login();
    assert.equal(l.status, "OK");
    assert.match(l.tagged, /^OK \[CAPABILITY IMAP4rev1 .*\] logged in$/);
  });

  test("a STARTTLS\\r\\nb CAPABILITY in one write: CAPABILITY is never answered, inside TLS or out", async () => {
    const s = await f.session();
    await s.send("a STARTTLS\r\nb CAPABILITY\r\n");
    await s.answer("a");
    await s.client.startTls();
    const r = await s.cmd("NOOP");
    assert.equal(r.status, "OK");
    assert.doesNotMatch(s.client.received(), /\r\nb /);
    assert.ok(s.logs.some((l) => /dropped 14 bytes pipelined after STARTTLS/.test(l)));
  });

  test("LOGIN: good, wrong password and unknown user; failures look the same; the third closes", async () => {
    const s = await f.session();
    const wrong = await s.cmd("LOGIN alice@example.test nope");
    const unknown = await s.cmd("LOGIN nobody@example.test nope");
    assert.equal(wrong.tagged, "NO [AUTHENTICATIONFAILED] authentication failed");
    assert.equal(unknown.tagged, wrong.tagged);
    const third = await s.cmd('LOGIN "alice@example.test" "x"');
    assert.match(third.tagged, /^NO \[AUTHENTICATIONFAILED\] .*closing connection/);
    await s.client.closed;
    assert.match(s.client.received(), /\* BYE/);
    assert.equal(s.logs.filter((l) => /authentication failed for /.test(l)).length, 3);
  });

  test("LOGIN with literals and quoted strings; commands need the right state", async () => {
    const s = await f.session();
    assert.match((await s.cmd("SELECT INBOX")).tagged, /^BAD SELECT is not allowed before LOGIN/);
    await s.send("x LOGIN {18}\r\n");
    await s.waitFor(/^\+ /);
    await s.send('alice@example.test "alice-pw-1"\r\n');
    assert.equal((await s.answer("x")).status, "OK");
    assert.match((await s.cmd("LOGIN a b")).tagged, /^BAD LOGIN is only allowed before login/);
    assert.match((await s.cmd("FETCH 1 FLAGS")).tagged, /^BAD FETCH needs a selected mailbox|^BAD unknown command/);
  });

  test("AUTHENTICATE PLAIN: SASL-IR, continuation, cancel, other authzid refused", async () => {
    const s = await f.session();
    assert.match((await s.cmd(`AUTHENTICATE PLAIN ${b64("bob@example.test\0alice@example.test\0alice-pw-1")}`)).tagged, /^NO \[AUTHORIZATIONFAILED\]/);
    await s.send("c AUTHENTICATE PLAIN\r\n");
    await s.waitFor(/^\+ \r\n/);
    await s.send("*\r\n");
    assert.equal((await s.answer("c")).tagged, "BAD authentication cancelled");
    await s.send("d AUTHENTICATE PLAIN\r\n");
    await s.waitFor(/^\+ \r\n/);
    await s.send(b64("\0alice@example.test\0alice-pw-1") + "\r\n");
    const r = await s.answer("d");
    assert.equal(r.status, "OK", r.raw);
  });

  test("AUTHENTICATE with an unknown mechanism or bad base64", async () => {
    const s = await f.session();
    assert.match((await s.cmd("AUTHENTICATE CRAM-MD5")).tagged, /^NO \[CANNOT\] unsupported/);
    assert.equal((await s.cmd("AUTHENTICATE PLAIN %%%")).tagged, "BAD cannot decode base64 response");
  });

  test("implicit TLS: no STARTTLS offered; LOGOUT says BYE and closes", async () => {
    const s = await f.session({ tls: "implicit", limits: { allowPlaintextAuth: false } });
    assert.doesNotMatch(s.greeting, /STARTTLS|LOGINDISABLED/);
    assert.equal((await s.cmd("STARTTLS")).status, "BAD");
    const r = await s.cmd("LOGOUT");
    assert.deepEqual(r.untagged, ["* BYE logging out"]);
    await s.client.closed;
  });

  test("ID, ENABLE, NAMESPACE", async () => {
    const s = await f.session();
    const id = await s.cmd('ID ("name" "test-client" "version" "1.0")');
    assert.deepEqual(id.untagged, ['* ID ("name" "wrenmail" "vendor" "wrenmail")']);
    assert.ok(s.logs.some((l) => /client ID .*name=test-client/.test(l)));
    await s.login();
    assert.deepEqual((await s.cmd("ENABLE QRESYNC X-UNKNOWN")).untagged, ["* ENABLED QRESYNC CONDSTORE"]);
    assert.deepEqual((await s.cmd("ENABLE CONDSTORE")).untagged, ["* ENABLED"]);
    assert.deepEqual((await s.cmd("NAMESPACE")).untagged, ['* NAMESPACE (("" "/")) NIL NIL']);
  });
});
