import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { afterTrace } from "./fake-backend.ts";
import { bytes, codes, HOST, startSession, str } from "./harness.ts";

const MESSAGE = "From: a@remote.test\r\nTo: alice@example.test\r\nSubject: hello\r\n\r\nHi Alice.\r\n";

/** EHLO, MAIL, RCPTs, DATA, message; returns the final reply. */
async function sendMail(s: Awaited<ReturnType<typeof startSession>>, o: { from?: string; to?: string[]; text?: string; mailParams?: string } = {}) {
  await s.ehlo();
  assert.equal(codes(await s.cmd(`MAIL FROM:<${o.from ?? "a@remote.test"}>${o.mailParams ?? ""}`)), "250 2.1.0");
  for (const to of o.to ?? ["alice@example.test"]) assert.equal(codes(await s.cmd(`RCPT TO:<${to}>`)), "250 2.1.5");
  assert.equal((await s.cmd("DATA")).code, 354);
  await s.send(o.text ?? MESSAGE + ".\r\n");
  return s.reply();
}

describe("SMTP session: a mail transaction", () => {
  test("MAIL, RCPT, DATA deliver the message byte for byte after a trace header", async () => {
    const s = await startSession();
    const r = await sendMail(s);
    assert.equal(codes(r), "250 2.0.0");
    assert.equal(r.lines[0], "queued");
    const [d] = s.backend.deliveries;
    assert.ok(d);
    assert.equal(d.envelope.from, "a@remote.test");
    assert.deepEqual(d.envelope.recipients.map((x) => x.address), ["alice@example.test"]);
    const { trace, body } = afterTrace(d.message);
    assert.equal(str(body), MESSAGE);
    assert.equal(
      trace,
      "Received: from client.example.net ([192.0.2.7])\r\n" +
        `\tby ${HOST} (wrenmail) with ESMTP id TESTID${/id TESTID(\d+)/.exec(trace)![1]}\r\n` +
        "\tfor <alice@example.test>; Tue, 01 Jul 2025 09:30:00 +0000\r\n",
    );
    assert.equal(d.session.service, "smtp");
    assert.equal(d.session.helo, "client.example.net");
    assert.equal(d.session.secure, false);
  });

  test("dot-stuffed lines are unstuffed; the message may be empty", async () => {
    const s = await startSession();
    await sendMail(s, { text: "..leading dot\r\n...two\r\n.\r\n" });
    assert.equal(str(afterTrace(s.backend.deliveries[0]!.message).body), ".leading dot\r\n..two\r\n");
    assert.equal(codes(await s.cmd("MAIL FROM:<>")), "250 2.1.0");
    await s.cmd("RCPT TO:<alice@example.test>");
    await s.cmd("DATA");
    assert.equal(codes(await s.cmd(".")), "250 2.0.0");
    assert.equal(afterTrace(s.backend.deliveries[1]!.message).body.length, 0);
    assert.equal(s.backend.deliveries[1]!.envelope.from, "");
  });

  test("8-bit and UTF-8 text passes untouched", async () => {
    const s = await startSession();
    const raw = bytes("Subject: caf\xc3\xa9\r\n\r\n\xff\xfe binary-ish \x00 bytes\r\n");
    await s.ehlo();
    await s.cmd("MAIL FROM:<a@remote.test> BODY=8BITMIME");
    await s.cmd("RCPT TO:<alice@example.test>");
    await s.cmd("DATA");
    await s.send(raw);
    await s.send(".\r\n");
    assert.equal(codes(await s.reply()), "250 2.0.0");
    assert.deepEqual(afterTrace(s.backend.deliveries[0]!.message).body, raw);
    assert.equal(s.backend.deliveries[0]!.envelope.params.body, "8BITMIME");
  });

  test("a trace header names no recipient when there are several (Bcc privacy)", async () => {
    const s = await startSession();
    await sendMail(s, { to: ["alice@example.test", "bob@example.test"] });
    const { trace } = afterTrace(s.backend.deliveries[0]!.message);
    assert.doesNotMatch(trace, /for </);
    assert.match(trace, /with ESMTP id TESTID\d+; Tue, 01 Jul 2025/);
  });

  test("with-protocol: SMTP after HELO, ESMTPS under TLS, ESMTPSA authenticated, UTF8SMTPSA with SMTPUTF8", async () => {
    const helo = await startSession();
    await helo.cmd("HELO client.example.net");
    await helo.cmd("MAIL FROM:<a@remote.test>");
    await helo.cmd("RCPT TO:<alice@example.test>");
    await helo.cmd("DATA");
    await helo.cmd("x\r\n.");
    assert.match(afterTrace(helo.backend.deliveries[0]!.message).trace, / with SMTP id /);

    const s = await startSession();
    await s.ehlo();
    await s.tls();
    await sendMail(s);
    assert.match(afterTrace(s.backend.deliveries[0]!.message).trace, / with ESMTPS id /);
    assert.equal(s.backend.deliveries[0]!.session.secure, true);
    assert.equal(codes(await s.auth()), "235 2.7.0");
    await sendMail(s);
    assert.match(afterTrace(s.backend.deliveries[1]!.message).trace, / with ESMTPSA id /);
    assert.equal(s.backend.deliveries[1]!.session.identity?.address, "alice@example.test");
    await sendMail(s, { from: "jörg@bücher.test", to: ["bob@example.test"], mailParams: " SMTPUTF8" });
    assert.match(afterTrace(s.backend.deliveries[2]!.message).trace, / with UTF8SMTPSA id /);
  });

  test("the backend's delivery reply is sent; a malformed enhanced code is replaced", async () => {
    const s = await startSession();
    s.backend.deliverReply = { code: 452, enhanced: "4.2.2", text: "mailbox full" };
    assert.equal(codes(await sendMail(s)), "452 4.2.2");
    s.backend.deliverReply = { code: 250, enhanced: "5.0.0", text: "odd" };
    assert.equal(codes(await sendMail(s)), "250 2.0.0");
    s.backend.deliverReply = { code: 250, enhanced: "2.0.0", text: "line one\r\n250 injected" };
    const r = await sendMail(s);
    assert.equal(r.raw, "250 2.0.0 line one  250 injected\r\n");
  });

  test("a backend fault is 451 4.3.0 and logged; the session goes on", async () => {
    const s = await startSession();
    s.backend.failIn = "deliver";
    assert.equal(codes(await sendMail(s)), "451 4.3.0");
    assert.ok(s.logs.some((l) => /ERROR.*backend deliver failed: disk full/.test(l)));
    s.backend.failIn = "checkSender";
    assert.equal(codes(await s.cmd("MAIL FROM:<a@remote.test>")), "451 4.3.0");
    s.backend.failIn = null;
    assert.equal(codes(await s.cmd("MAIL FROM:<a@remote.test>")), "250 2.1.0");
  });

  test("after a message the transaction is over: RCPT needs a new MAIL", async () => {
    const s = await startSession();
    await sendMail(s);
    assert.equal(codes(await s.cmd("RCPT TO:<alice@example.test>")), "503 5.5.1");
  });

  test("DATA takes no argument", async () => {
    const s = await startSession();
    await s.ehlo();
    await s.cmd("MAIL FROM:<a@remote.test>");
    await s.cmd("RCPT TO:<alice@example.test>");
    assert.equal(codes(await s.cmd("DATA now")), "501 5.5.4");
    assert.equal((await s.cmd("DATA")).code, 354);
  });
});

describe("SMTP session: MAIL FROM", () => {
  test("syntax errors are 501 5.1.7 and say why", async () => {
    const s = await startSession();
    await s.ehlo();
    for (const arg of ["FROM:a@remote.test", "FROM:<a@remote.test", "FROM:<a@@remote.test>", "TO:<a@remote.test>", "", "FROM:<a@remote.test>junk"]) {
      const r = await s.cmd(`MAIL ${arg}`);
      assert.ok(["501 5.1.7", "501 5.5.4"].includes(codes(r)), `${arg}: ${r.raw}`);
    }
    assert.equal(codes(await s.cmd("MAIL FROM:<a@remote.test")), "501 5.1.7");
  });

  test("a space after the colon is tolerated", async () => {
    const s = await startSession();
    await s.ehlo();
    assert.equal(codes(await s.cmd("MAIL FROM: <a@remote.test>")), "250 2.1.0");
  });

  test("parameters: SIZE, BODY, RET, ENVID, SMTPUTF8, AUTH reach the envelope", async () => {
    const s = await startSession();
    await sendMail(s, { mailParams: " SIZE=120 BODY=7BIT RET=HDRS ENVID=QQ+2B314 SMTPUTF8 AUTH=<>" });
    assert.deepEqual(s.backend.deliveries[0]!.envelope.params, { size: 120, body: "7BIT", ret: "HDRS", envid: "QQ+314", smtputf8: true });
  });

  test("bad parameter values are 501 5.5.4, unknown parameters 555 5.5.4", async () => {
    const s = await startSession({ limits: { maxErrors: 50 } });
    await s.ehlo();
    for (const p of ["SIZE=abc", "SIZE", "BODY=9BIT", "RET=ALL", "ENVID=a=b", `ENVID=${"x".repeat(101)}`, "SMTPUTF8=yes", "AUTH", "SIZE=1 SIZE=2"]) {
      assert.equal(codes(await s.cmd(`MAIL FROM:<a@remote.test> ${p}`)), "501 5.5.4", p);
    }
    assert.equal(codes(await s.cmd("MAIL FROM:<a@remote.test> X-UNKNOWN=1")), "555 5.5.4");
    assert.equal(codes(await s.cmd("MAIL FROM:<a@remote.test> BODY=BINARYMIME")), "555 5.5.4");
  });

  test("SIZE over the limit is refused at MAIL with 552 5.3.4 (RFC 1870)", async () => {
    const s = await startSession({ limits: { maxMessageSize: 1000 } });
    await s.ehlo();
    assert.equal(codes(await s.cmd("MAIL FROM:<a@remote.test> SIZE=1001")), "552 5.3.4");
    assert.equal(codes(await s.cmd("MAIL FROM:<a@remote.test> SIZE=1000")), "250 2.1.0");
  });

  test("a non-ASCII sender needs SMTPUTF8: 553 5.6.7", async () => {
    const s = await startSession();
    await s.ehlo();
    assert.equal(codes(await s.cmd("MAIL FROM:<jörg@bücher.test>")), "553 5.6.7");
    assert.equal(codes(await s.cmd("MAIL FROM:<jörg@bücher.test> SMTPUTF8")), "250 2.1.0");
  });

  test("the backend may refuse the sender; its reply is sent", async () => {
    const s = await startSession({ service: "submission" });
    s.backend.senderRefusal = (from) => (from === "ceo@example.test" ? { code: 553, enhanced: "5.7.1", text: "sender not owned by you" } : null);
    await s.ehlo();
    await s.tls();
    await s.auth();
    assert.equal(codes(await s.cmd("MAIL FROM:<ceo@example.test>")), "553 5.7.1");
    assert.equal(codes(await s.cmd("MAIL FROM:<alice@example.test>")), "250 2.1.0");
  });

  test("submission and smtps need AUTH before MAIL: 530 5.7.0", async () => {
    for (const service of ["submission", "smtps"] as const) {
      const s = await startSession({ service });
      await s.ehlo();
      const r = await s.cmd("MAIL FROM:<alice@example.test>");
      assert.equal(codes(r), "530 5.7.0", service);
    }
    const s = await startSession({ service: "submission" });
    await s.ehlo();
    assert.match((await s.cmd("MAIL FROM:<alice@example.test>")).lines[0]!, /STARTTLS/);
    await s.tls();
    assert.match((await s.cmd("MAIL FROM:<alice@example.test>")).lines[0]!, /authentication required/);
    await s.auth();
    assert.equal(codes(await s.cmd("MAIL FROM:<alice@example.test>")), "250 2.1.0");
  });
});

describe("SMTP session: RCPT TO", () => {
  test("syntax errors are 501 5.1.3", async () => {
    const s = await startSession();
    await s.ehlo();
    await s.cmd("MAIL FROM:<a@remote.test>");
    for (const arg of ["TO:alice@example.test", "TO:<>", "TO:<alice@>", "TO:<a b@example.test>"]) {
      assert.equal(codes(await s.cmd(`RCPT ${arg}`)), "501 5.1.3", arg);
    }
  });

  test("<Postmaster> without a domain is accepted (RFC 5321 4.1.1.3)", async () => {
    const s = await startSession();
    await s.ehlo();
    await s.cmd("MAIL FROM:<a@remote.test>");
    assert.equal(codes(await s.cmd("RCPT TO:<Postmaster>")), "250 2.1.5");
    assert.ok(s.backend.calls.includes("checkRecipient Postmaster"));
  });

  test("the backend's refusals are sent: unknown user, relaying denied", async () => {
    const s = await startSession();
    await s.ehlo();
    await s.cmd("MAIL FROM:<a@remote.test>");
    assert.equal(codes(await s.cmd("RCPT TO:<nobody@example.test>")), "550 5.1.1");
    assert.equal(codes(await s.cmd("RCPT TO:<someone@elsewhere.test>")), "554 5.7.1");
    assert.equal(codes(await s.cmd("RCPT TO:<alice@example.test>")), "250 2.1.5");
  });

  test("a non-ASCII recipient needs SMTPUTF8 on MAIL: 553 5.6.7", async () => {
    const s = await startSession();
    await s.ehlo();
    await s.cmd("MAIL FROM:<a@remote.test>");
    assert.equal(codes(await s.cmd("RCPT TO:<jörg@bücher.test>")), "553 5.6.7");
    await s.cmd("RSET");
    await s.cmd("MAIL FROM:<a@remote.test> SMTPUTF8");
    assert.equal(codes(await s.cmd("RCPT TO:<jörg@bücher.test>")), "250 2.1.5");
  });

  test("maxRecipients: the one over the limit gets 452 4.5.3, the message still goes to the rest", async () => {
    const s = await startSession({ limits: { maxRecipients: 3 } });
    await s.ehlo();
    await s.cmd("MAIL FROM:<a@remote.test>");
    for (let i = 1; i <= 3; i++) assert.equal(codes(await s.cmd(`RCPT TO:<u${i}@example.test>`)), "250 2.1.5");
    assert.equal(codes(await s.cmd("RCPT TO:<u4@example.test>")), "452 4.5.3");
    assert.equal(codes(await s.cmd("RCPT TO:<u5@example.test>")), "452 4.5.3");
    await s.cmd("DATA");
    assert.equal(codes(await s.cmd("x\r\n.")), "250 2.0.0");
    assert.equal(s.backend.deliveries[0]!.envelope.recipients.length, 3);
  });

  test("DSN: NOTIFY and ORCPT reach checkRecipient and the delivered envelope; RET and ENVID too", async () => {
    const s = await startSession();
    await s.ehlo();
    await s.cmd("MAIL FROM:<a@remote.test> RET=FULL ENVID=env-123");
    assert.equal(codes(await s.cmd("RCPT TO:<alice@example.test> NOTIFY=success,FAILURE ORCPT=rfc822;Alice+2Bx@example.test")), "250 2.1.5");
    assert.equal(codes(await s.cmd("RCPT TO:<bob@example.test> NOTIFY=NEVER")), "250 2.1.5");
    assert.equal(codes(await s.cmd("RCPT TO:<u3@example.test>")), "250 2.1.5");
    await s.cmd("DATA");
    await s.cmd("x\r\n.");
    const env = s.backend.deliveries[0]!.envelope;
    assert.deepEqual(env.params, { ret: "FULL", envid: "env-123" });
    assert.deepEqual(env.recipients[0]!.dsn, { notify: ["SUCCESS", "FAILURE"], orcpt: "rfc822;Alice+x@example.test" });
    assert.deepEqual(env.recipients[1]!.dsn, { notify: ["NEVER"] });
    assert.equal(env.recipients[2]!.dsn, undefined);
    assert.ok(s.backend.calls.includes('checkRecipient alice@example.test {"notify":["SUCCESS","FAILURE"],"orcpt":"rfc822;Alice+x@example.test"}'));
  });

  test("DSN: bad NOTIFY/ORCPT are 501 5.5.4; unknown RCPT parameters 555 5.5.4", async () => {
    const s = await startSession({ limits: { maxErrors: 50 } });
    await s.ehlo();
    await s.cmd("MAIL FROM:<a@remote.test>");
    for (const p of ["NOTIFY=NEVER,SUCCESS", "NOTIFY=SOMETIMES", "NOTIFY=", "NOTIFY", "NOTIFY=SUCCESS,SUCCESS", "ORCPT=alice@example.test", "ORCPT=rfc822;a+zz", "ORCPT"]) {
      assert.equal(codes(await s.cmd(`RCPT TO:<alice@example.test> ${p}`)), "501 5.5.4", p);
    }
    assert.equal(codes(await s.cmd("RCPT TO:<alice@example.test> FOO=1")), "555 5.5.4");
  });
});

describe("SMTP session: message size and line endings", () => {
  test("a message over SIZE is read to its end, refused with 552 5.3.4, and the session goes on", async () => {
    const s = await startSession({ limits: { maxMessageSize: 2048 } });
    await s.ehlo();
    await s.cmd("MAIL FROM:<a@remote.test>");
    await s.cmd("RCPT TO:<alice@example.test>");
    await s.cmd("DATA");
    const line = "x".repeat(98) + "\r\n";
    // 40 KiB in 100-byte lines, with commands hidden in it that must never run.
    await s.send(line.repeat(200) + "RSET\r\nQUIT\r\n" + line.repeat(200) + ".\r\n");
    assert.equal(codes(await s.reply()), "552 5.3.4");
    assert.equal(s.backend.deliveries.length, 0);
    assert.equal(codes(await s.cmd("NOOP")), "250 2.0.0");
    assert.equal(codes(await s.cmd("RCPT TO:<alice@example.test>")), "503 5.5.1", "the transaction is over");
  });

  test("exactly maxMessageSize bytes is accepted, one more is not", async () => {
    const s = await startSession({ limits: { maxMessageSize: 1024 } });
    for (const [n, want] of [[1024, "250 2.0.0"], [1025, "552 5.3.4"]] as const) {
      const text = "a".repeat(n - 2) + "\r\n";
      assert.equal(codes(await sendMail(s, { text: text + ".\r\n" })), want, String(n));
    }
  });

  test("a bare LF or CR in the text is refused with 550 5.6.0 by default", async () => {
    for (const text of ["line one\nline two\r\n", "line one\rline two\r\n", "ok\r\nbare\nin the middle\r\n"]) {
      const s = await startSession();
      const r = await sendMail(s, { text: text + ".\r\n" });
      assert.equal(codes(r), "550 5.6.0", JSON.stringify(text));
      assert.equal(s.backend.deliveries.length, 0);
    }
  });

  test("bareLineEndings: normalize turns a lone CR or LF into CRLF", async () => {
    const s = await startSession({ limits: { bareLineEndings: "normalize" } });
    assert.equal(codes(await sendMail(s, { text: "a\nb\rc\r\n.\r\n" })), "250 2.0.0");
    assert.equal(str(afterTrace(s.backend.deliveries[0]!.message).body), "a\r\nb\r\nc\r\n");
  });
});
