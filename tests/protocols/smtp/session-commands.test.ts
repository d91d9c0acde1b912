import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { codes, HOST, startSession } from "./harness.ts";

describe("SMTP session: greeting, HELO/EHLO and the simple commands", () => {
  test("greets with 220 and the hostname, no enhanced code", async () => {
    const s = await startSession();
    assert.equal(s.greeting.raw, `220 ${HOST} ESMTP wrenmail\r\n`);
  });

  test("EHLO lists the extensions; STARTTLS and no AUTH before TLS on port 25", async () => {
    const s = await startSession();
    const r = await s.ehlo();
    assert.equal(r.code, 250);
    assert.equal(r.lines[0], `${HOST} Hello client.example.net [192.0.2.7]`);
    assert.deepEqual(r.lines.slice(1), ["PIPELINING", "SIZE 26214400", "8BITMIME", "SMTPUTF8", "ENHANCEDSTATUSCODES", "STARTTLS", "CHUNKING", "DSN", "HELP"]);
  });

  test("EHLO under TLS offers AUTH PLAIN LOGIN and no STARTTLS", async () => {
    const s = await startSession();
    await s.ehlo();
    await s.tls();
    const r = await s.ehlo();
    assert.ok(r.lines.includes("AUTH PLAIN LOGIN"));
    assert.ok(!r.lines.includes("STARTTLS"));
  });

  test("smtps (implicit TLS) offers AUTH at once and never STARTTLS", async () => {
    const s = await startSession({ service: "smtps" });
    const r = await s.ehlo();
    assert.ok(r.lines.includes("AUTH PLAIN LOGIN"));
    assert.ok(!r.lines.includes("STARTTLS"));
  });

  test("a service with tls: none offers neither STARTTLS nor AUTH; allowPlaintextAuth offers AUTH", async () => {
    const s = await startSession({ service: "submission", tls: "none" });
    const r = await s.ehlo();
    assert.ok(!r.lines.includes("STARTTLS"));
    assert.ok(!r.lines.some((l) => l.startsWith("AUTH")));
    assert.equal(codes(await s.cmd("STARTTLS")), "502 5.5.1");
    const p = await startSession({ service: "submission", tls: "none", limits: { allowPlaintextAuth: true } });
    assert.ok((await p.ehlo()).lines.includes("AUTH PLAIN LOGIN"));
  });

  test("SIZE advertises maxMessageSize", async () => {
    const s = await startSession({ limits: { maxMessageSize: 12345 } });
    assert.ok((await s.ehlo()).lines.includes("SIZE 12345"));
  });

  test("HELO answers one line; IPv6 peers are shown as an IPv6 literal", async () => {
    const s = await startSession({ remote: "2001:db8::7" });
    const r = await s.cmd("HELO client.example.net");
    assert.equal(r.raw, `250 ${HOST} Hello client.example.net [IPv6:2001:db8::7]\r\n`);
  });

  test("HELO/EHLO need a name; odd but harmless names are accepted", async () => {
    const s = await startSession();
    assert.equal(codes(await s.cmd("EHLO")), "501 5.5.4");
    assert.equal(codes(await s.cmd("HELO")), "501 5.5.4");
    assert.equal(codes(await s.cmd("EHLO two words")), "501 5.5.2");
    assert.equal(codes(await s.cmd("EHLO bad(name)")), "501 5.5.2");
    assert.equal(codes(await s.cmd("EHLO [300.1.1.1]")), "501 5.5.2");
    for (const name of ["my_pc", "host.example.", "[192.0.2.1]", "[IPv6:2001:db8::1]", "localhost", "192.0.2.1"]) {
      assert.equal((await s.cmd(`EHLO ${name}`)).code, 250, name);
    }
  });

  test("NOOP, RSET, HELP work in any state; HELP is 214 multi-line", async () => {
    const s = await startSession();
    assert.equal(codes(await s.cmd("NOOP")), "250 2.0.0");
    assert.equal(codes(await s.cmd("NOOP ignored argument")), "250 2.0.0");
    assert.equal(codes(await s.cmd("RSET")), "250 2.0.0");
    const h = await s.cmd("HELP");
    assert.equal(codes(h), "214 2.0.0");
    assert.equal(h.lines.length, 2);
    assert.match(h.lines[0]!, /MAIL RCPT DATA BDAT/);
    assert.equal(codes(await s.cmd("HELP MAIL")), "214 2.0.0");
    await s.ehlo();
    await s.cmd("MAIL FROM:<a@remote.test>");
    assert.equal(codes(await s.cmd("NOOP")), "250 2.0.0");
    assert.equal(codes(await s.cmd("RSET")), "250 2.0.0");
    // RSET ended the transaction.
    assert.equal(codes(await s.cmd("RCPT TO:<alice@example.test>")), "503 5.5.1");
  });

  test("RSET and QUIT take no arguments", async () => {
    const s = await startSession();
    assert.equal(codes(await s.cmd("RSET now")), "501 5.5.4");
    assert.equal(codes(await s.cmd("QUIT now")), "501 5.5.4");
  });

  test("QUIT answers 221 and closes the connection", async () => {
    const s = await startSession();
    const r = await s.cmd("QUIT");
    assert.equal(r.raw, `221 2.0.0 ${HOST} closing connection\r\n`);
    await s.client.closed;
    await s.done;
  });

  test("the client closing the connection ends the session quietly", async () => {
    const s = await startSession();
    await s.ehlo();
    await s.client.end();
    await s.done;
    assert.deepEqual(s.logs.filter((l) => /ERROR/.test(l)), []);
  });

  test("a command cut off by the end of the stream is not run", async () => {
    const s = await startSession();
    await s.send("EHLO x\r\nRSET");
    await s.reply();
    await s.client.end();
    await s.done;
    assert.equal(s.client.pendingText(), "");
  });

  test("VRFY is off by default: 252 2.5.2; EXPN 502; VRFY needs an argument", async () => {
    const s = await startSession();
    assert.equal(codes(await s.cmd("VRFY alice@example.test")), "252 2.5.2");
    assert.equal(codes(await s.cmd("VRFY")), "501 5.5.4");
    assert.equal(codes(await s.cmd("EXPN staff")), "502 5.5.1");
    assert.deepEqual(s.backend.calls, [], "VRFY asked the backend nothing");
  });

  test("vrfy: true answers from the recipient check", async () => {
    const s = await startSession({ limits: { vrfy: true } });
    assert.equal(codes(await s.cmd("VRFY <alice@example.test>")), "250 2.1.5");
    assert.equal(codes(await s.cmd("VRFY alice@example.test")), "250 2.1.5");
    assert.equal(codes(await s.cmd("VRFY nobody@example.test")), "550 5.1.1");
    assert.equal(codes(await s.cmd("VRFY someone@elsewhere.test")), "554 5.7.1");
    assert.equal(codes(await s.cmd("VRFY not an address")), "501 5.1.3");
  });

  test("unknown verbs get 500 5.5.1, known-but-absent ones 502 5.5.1", async () => {
    const s = await startSession();
    assert.equal(codes(await s.cmd("FOO bar")), "500 5.5.1");
    assert.equal(codes(await s.cmd("")), "500 5.5.1");
    assert.equal(codes(await s.cmd("TURN")), "502 5.5.1");
    assert.equal(codes(await s.cmd("ETRN example.test")), "502 5.5.1");
  });

  test("verbs are case-insensitive", async () => {
    const s = await startSession();
    assert.equal((await s.cmd("ehlo x")).code, 250);
    assert.equal(codes(await s.cmd("mail from:<a@remote.test>")), "250 2.1.0");
    assert.equal(codes(await s.cmd("rcpt to:<alice@example.test>")), "250 2.1.5");
    assert.equal(codes(await s.cmd("rset")), "250 2.0.0");
  });
});

describe("SMTP session: command order (RFC 5321 4.1.4)", () => {
  test("before HELO/EHLO: MAIL, RCPT, DATA, AUTH, STARTTLS are 503 5.5.1", async () => {
    const s = await startSession();
    for (const c of ["MAIL FROM:<a@remote.test>", "RCPT TO:<alice@example.test>", "DATA", "AUTH PLAIN", "STARTTLS"]) {
      const r = await s.cmd(c);
      assert.equal(codes(r), "503 5.5.1", c);
      assert.match(r.lines[0]!, /EHLO/);
    }
  });

  test("RCPT before MAIL, DATA before RCPT, nested MAIL", async () => {
    const s = await startSession();
    await s.ehlo();
    assert.equal(codes(await s.cmd("RCPT TO:<alice@example.test>")), "503 5.5.1");
    assert.equal(codes(await s.cmd("DATA")), "503 5.5.1");
    assert.equal(codes(await s.cmd("MAIL FROM:<a@remote.test>")), "250 2.1.0");
    assert.equal(codes(await s.cmd("MAIL FROM:<a@remote.test>")), "503 5.5.1");
    assert.equal(codes(await s.cmd("DATA")), "554 5.5.1", "no valid recipients");
    assert.equal(codes(await s.cmd("RCPT TO:<nobody@example.test>")), "550 5.1.1");
    assert.equal(codes(await s.cmd("DATA")), "554 5.5.1", "still none");
  });

  test("EHLO in the middle of a transaction resets it", async () => {
    const s = await startSession();
    await s.ehlo();
    await s.cmd("MAIL FROM:<a@remote.test>");
    await s.cmd("RCPT TO:<alice@example.test>");
    await s.ehlo();
    assert.equal(codes(await s.cmd("DATA")), "503 5.5.1");
    assert.equal(codes(await s.cmd("MAIL FROM:<a@remote.test>")), "250 2.1.0");
  });

  test("AUTH and STARTTLS are refused inside a transaction", async () => {
    const s = await startSession({ limits: { allowPlaintextAuth: true } });
    await s.ehlo();
    await s.cmd("MAIL FROM:<a@remote.test>");
    assert.equal(codes(await s.cmd("AUTH PLAIN")), "503 5.5.1");
    assert.equal(codes(await s.cmd("STARTTLS")), "503 5.5.1");
  });
});
