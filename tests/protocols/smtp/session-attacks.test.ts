/**
 * Regression tests named after the attacks they stop.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { afterTrace } from "./fake-backend.ts";
import { codes, startSession, str } from "./harness.ts";

const SMUGGLED = "MAIL FROM:<ceo@example.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\nSubject: forged\r\n\r\nPay now.\r\n";

async function openData(s: Awaited<ReturnType<typeof startSession>>) {
  await s.ehlo();
  await s.cmd("MAIL FROM:<a@remote.test>");
  await s.cmd("RCPT TO:<alice@example.test>");
  assert.equal((await s.cmd("DATA")).code, 354);
}

describe("attacks", () => {
  // CVE-2023-51764 (Postfix), CVE-2023-51765 (Sendmail), CVE-2023-51766 (Exim): an end of DATA other
  // than CRLF.CRLF lets a second, forged message ride inside the first.
  for (const [name, seq] of [["\\n.\\n", "\n.\n"], ["\\r.\\r", "\r.\r"], ["\\n.\\r\\n", "\n.\r\n"], ["\\r\\n.\\n", "\r\n.\n"]] as const) {
    test(`smtp-smuggling ${name}: never ends DATA, never starts a second message`, async () => {
      const s = await startSession();
      await openData(s);
      await s.send(`Subject: real\r\n\r\nHello${seq}${SMUGGLED}.\r\n`);
      const r = await s.reply();
      assert.equal(codes(r), "550 5.6.0", "refused as a whole for its bare line ending");
      assert.equal(codes(await s.cmd("NOOP")), "250 2.0.0", "exactly one reply for the whole DATA");
      assert.deepEqual(s.backend.calls.filter((c) => c.startsWith("checkSender")), ["checkSender a@remote.test"], "the smuggled MAIL never ran");
      assert.equal(s.backend.deliveries.length, 0);
    });

    test(`smtp-smuggling ${name} with bareLineEndings normalize: one message holding the smuggled text`, async () => {
      const s = await startSession({ limits: { bareLineEndings: "normalize" } });
      await openData(s);
      await s.send(`Subject: real\r\n\r\nHello${seq}${SMUGGLED}.\r\n`);
      assert.equal(codes(await s.reply()), "250 2.0.0");
      assert.equal(codes(await s.cmd("NOOP")), "250 2.0.0");
      assert.equal(s.backend.deliveries.length, 1);
      const body = str(afterTrace(s.backend.deliveries[0]!.message).body);
      assert.ok(body.includes("Subject: forged"), "the forged part is body text");
      assert.doesNotMatch(body.replace(/\r\n/g, ""), /[\r\n]/, "no bare CR or LF is stored");
    });
  }

  test("smtp-smuggling: a stuffed dot line inside the message is not an end either", async () => {
    const s = await startSession();
    await openData(s);
    await s.send(`line\r\n..\r\n${SMUGGLED}.\r\n`);
    assert.equal(codes(await s.reply()), "250 2.0.0");
    assert.equal(s.backend.deliveries.length, 1);
    assert.ok(str(afterTrace(s.backend.deliveries[0]!.message).body).startsWith("line\r\n.\r\nMAIL FROM:<ceo@example.test>"));
  });

  // CVE-2011-0411 (Postfix and others): commands pipelined after STARTTLS in plaintext were run
  // after the upgrade as if they came over TLS.
  test("starttls-command-injection: STARTTLS\\r\\nRSET\\r\\n in one write — RSET is never answered", async () => {
    const s = await startSession();
    await s.ehlo();
    await s.send("STARTTLS\r\nRSET\r\n");
    assert.equal(codes(await s.reply()), "220 2.0.0");
    await s.client.startTls();
    const e = await s.ehlo();
    assert.equal(e.code, 250);
    assert.ok(e.lines.length > 1, "the reply after the upgrade is EHLO's, not RSET's");
    assert.equal(s.client.pendingText(), "");
    assert.ok(s.logs.some((l) => /dropped 6 bytes pipelined after STARTTLS/.test(l)));
  });

  test("starttls-command-injection: a pipelined MAIL FROM never reaches the backend", async () => {
    const s = await startSession();
    await s.ehlo();
    await s.send("STARTTLS\r\nMAIL FROM:<ceo@example.test>\r\nRCPT TO:<bob@example.test>\r\n");
    assert.equal(codes(await s.reply()), "220 2.0.0");
    await s.client.startTls();
    await s.ehlo();
    assert.equal(codes(await s.cmd("RCPT TO:<bob@example.test>")), "503 5.5.1");
    assert.deepEqual(s.backend.calls, []);
  });

  test("bdat-desync: an unparseable BDAT size closes the connection instead of reading the chunk as commands", async () => {
    const s = await startSession();
    await s.ehlo();
    await s.cmd("MAIL FROM:<a@remote.test>");
    await s.cmd("RCPT TO:<alice@example.test>");
    await s.send(`BDAT 0x40\r\n${SMUGGLED}`);
    assert.equal(codes(await s.reply()), "501 5.5.4");
    await s.client.closed;
    assert.equal(s.backend.calls.filter((c) => c.startsWith("checkSender")).length, 1);
  });

  test("truncated-data: a client that disconnects inside DATA delivers nothing", async () => {
    const s = await startSession();
    await openData(s);
    await s.send("Subject: half\r\n\r\nand then the connection drops\r\n");
    await s.client.end();
    await s.done;
    assert.equal(s.backend.deliveries.length, 0);
  });

  test("trace-header-injection: a HELO name cannot add text to the Received header", async () => {
    const s = await startSession();
    for (const name of ["evil.example)\tby forged.example", "a;b", "x (y)", "[1.2.3.4] (z)"]) {
      assert.equal(codes(await s.cmd(`EHLO ${name}`)), "501 5.5.2", name);
    }
  });

  test("reply-injection: a backend text with CRLF cannot forge a second reply", async () => {
    const s = await startSession();
    s.backend.senderRefusal = () => ({ code: 550, enhanced: "5.7.1", text: "no\r\n250 2.1.0 ok" });
    await s.ehlo();
    const r = await s.cmd("MAIL FROM:<a@remote.test>");
    assert.equal(r.raw, "550 5.7.1 no  250 2.1.0 ok\r\n");
    assert.equal(codes(await s.cmd("NOOP")), "250 2.0.0");
  });

  test("address-harvesting: VRFY reveals nothing by default and RCPT guessing ends in 421", async () => {
    const s = await startSession({ limits: { maxErrors: 5 } });
    assert.equal(codes(await s.cmd("VRFY nobody@example.test")), "252 2.5.2");
    await s.ehlo();
    await s.cmd("MAIL FROM:<a@remote.test>");
    for (let i = 0; i < 4; i++) assert.equal(codes(await s.cmd("RCPT TO:<nobody@example.test>")), "550 5.1.1");
    assert.equal(codes(await s.cmd("RCPT TO:<nobody@example.test>")), "550 5.1.1");
    assert.equal(codes(await s.reply()), "421 4.7.0");
    await s.done;
  });

  test("password-guessing: the failure limit closes the connection before a fourth try", async () => {
    const s = await startSession({ service: "smtps" });
    await s.ehlo();
    for (let i = 0; i < 2; i++) assert.equal(codes(await s.auth("alice@example.test", `guess${i}`)), "535 5.7.8");
    assert.equal(codes(await s.auth("alice@example.test", "guess3")), "421 4.7.0");
    await s.client.closed;
    assert.equal(s.backend.calls.filter((c) => c.startsWith("authenticate")).length, 3);
  });
});
