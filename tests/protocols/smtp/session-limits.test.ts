import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { MessageBuffer } from "../../../src/protocols/smtp/message-buffer.ts";
import { bytes, codes, HOST, startSession } from "./harness.ts";

describe("SMTP session: PIPELINING (RFC 2920)", () => {
  test("a batch of commands in one write gets its replies in one write, in order", async () => {
    const s = await startSession();
    await s.ehlo();
    const before = s.client.chunks().length;
    await s.send("MAIL FROM:<a@remote.test>\r\nRCPT TO:<alice@example.test>\r\nRCPT TO:<nobody@example.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\n");
    const replies = [];
    for (let i = 0; i < 5; i++) replies.push(codes(await s.reply()));
    assert.deepEqual(replies, ["250 2.1.0", "250 2.1.5", "550 5.1.1", "250 2.1.5", "354"]);
    assert.equal(s.client.chunks().length - before, 1, "one write for the batch");
    await s.send("Subject: x\r\n\r\nbody\r\n.\r\nQUIT\r\n");
    assert.equal(codes(await s.reply()), "250 2.0.0");
    assert.equal(codes(await s.reply()), "221 2.0.0");
    assert.deepEqual(s.backend.deliveries[0]!.envelope.recipients.map((r) => r.address), ["alice@example.test", "bob@example.test"]);
  });

  test("the message and the next transaction may follow DATA in the same write", async () => {
    const s = await startSession();
    await s.ehlo();
    await s.send("MAIL FROM:<a@remote.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n");
    await s.reply();
    await s.reply();
    await s.reply();
    await s.send("one\r\n.\r\nMAIL FROM:<b@remote.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\n");
    assert.deepEqual([await s.reply(), await s.reply(), await s.reply(), await s.reply()].map(codes), ["250 2.0.0", "250 2.1.0", "250 2.1.5", "354"]);
    await s.send("two\r\n.\r\n");
    assert.equal(codes(await s.reply()), "250 2.0.0");
    assert.equal(s.backend.deliveries.length, 2);
  });
});

describe("SMTP session: limits", () => {
  test("an over-long command line is 500 5.5.2 and skipped; the next line is read normally", async () => {
    const s = await startSession({ limits: { maxLineLength: 600 } });
    assert.equal(codes(await s.cmd(`NOOP ${"x".repeat(700)}`)), "500 5.5.2");
    assert.equal(codes(await s.cmd(`NOOP ${"x".repeat(20_000)}`)), "500 5.5.2");
    assert.equal(codes(await s.cmd(`NOOP ${"x".repeat(590)}`)), "250 2.0.0");
  });

  test("a command line longer than the reader's window is never buffered whole", async () => {
    const s = await startSession();
    // 1 MiB without a line end, then a newline: consumed as it arrives, answered once.
    const chunk = "y".repeat(64 * 1024);
    for (let i = 0; i < 16; i++) await s.send(chunk);
    await s.send("\r\n");
    assert.equal(codes(await s.reply()), "500 5.5.2");
    assert.equal(codes(await s.cmd("NOOP")), "250 2.0.0");
  });

  test("a bare LF or a bare CR in a command is 500 5.5.2 with a clear text", async () => {
    const s = await startSession();
    const lf = await (async () => {
      await s.send("NOOP\n");
      return s.reply();
    })();
    assert.equal(codes(lf), "500 5.5.2");
    assert.match(lf.lines[0]!, /bare LF/);
    await s.send(bytes("NO\rOP\r\n"));
    const cr = await s.reply();
    assert.equal(codes(cr), "500 5.5.2");
    assert.match(cr.lines[0]!, /bare CR/);
    assert.equal(codes(await s.cmd("NOOP")), "250 2.0.0");
  });

  test("maxErrors: the tenth bad command is answered, then 421 4.7.0 and the connection closes", async () => {
    const s = await startSession();
    for (let i = 1; i <= 9; i++) assert.equal(codes(await s.cmd(`BOGUS${i}`)), "500 5.5.1");
    assert.equal(codes(await s.cmd("BOGUS10")), "500 5.5.1");
    const r = await s.reply();
    assert.equal(r.raw, `421 4.7.0 ${HOST} too many errors, closing connection\r\n`);
    await s.client.closed;
    await s.done;
  });

  test("maxErrors counts syntax and sequence errors and refused recipients, not accepted commands", async () => {
    const s = await startSession({ limits: { maxErrors: 3 } });
    await s.ehlo();
    assert.equal(codes(await s.cmd("RCPT TO:<alice@example.test>")), "503 5.5.1");
    await s.cmd("MAIL FROM:<a@remote.test>");
    for (let i = 0; i < 5; i++) assert.equal(codes(await s.cmd("RCPT TO:<alice@example.test>")), "250 2.1.5");
    assert.equal(codes(await s.cmd("RCPT TO:<nobody@example.test>")), "550 5.1.1");
    assert.equal(codes(await s.cmd("RCPT TO:<bad")), "501 5.1.3");
    assert.equal(codes(await s.reply()), "421 4.7.0");
    await s.done;
  });

  test("temporary refusals and over-quota replies do not count toward maxErrors", async () => {
    const s = await startSession({ limits: { maxErrors: 1, maxRecipients: 1 } });
    await s.ehlo();
    await s.cmd("MAIL FROM:<a@remote.test>");
    await s.cmd("RCPT TO:<alice@example.test>");
    for (let i = 0; i < 3; i++) assert.equal(codes(await s.cmd("RCPT TO:<bob@example.test>")), "452 4.5.3");
    assert.equal(codes(await s.cmd("NOOP")), "250 2.0.0");
  });

  test("maxCommandsBeforeMail: a NOOP loop ends in 421 4.7.0; MAIL resets the count", async () => {
    const s = await startSession({ limits: { maxCommandsBeforeMail: 5 } });
    await s.ehlo();
    for (let i = 0; i < 4; i++) assert.equal(codes(await s.cmd("NOOP")), "250 2.0.0");
    assert.equal(codes(await s.cmd("MAIL FROM:<a@remote.test>")), "250 2.1.0");
    for (let i = 0; i < 5; i++) assert.equal(codes(await s.cmd("RSET")), "250 2.0.0");
    const r = await s.cmd("NOOP");
    assert.equal(r.raw, `421 4.7.0 ${HOST} too many commands without mail, closing connection\r\n`);
    await s.done;
  });

  test("a message far over SIZE is consumed as a stream and answered 552 5.3.4", async () => {
    const s = await startSession({ limits: { maxMessageSize: 64 * 1024 } });
    await s.ehlo();
    await s.cmd("MAIL FROM:<a@remote.test>");
    await s.cmd("RCPT TO:<alice@example.test>");
    await s.cmd("DATA");
    const block = ("z".repeat(1022) + "\r\n").repeat(64); // 64 KiB
    for (let i = 0; i < 128; i++) await s.send(block); // 8 MiB
    await s.send(".\r\n");
    assert.equal(codes(await s.reply()), "552 5.3.4");
    assert.equal(codes(await s.cmd("NOOP")), "250 2.0.0");
  });
});

describe("MessageBuffer", () => {
  test("keeps at most max bytes, and nothing once over", () => {
    const max = 1024 * 1024;
    const m = new MessageBuffer(max);
    const chunk = new Uint8Array(64 * 1024).fill(65);
    for (let i = 0; i < 16; i++) m.add(chunk);
    assert.equal(m.tooBig, false);
    assert.equal(m.bytes().length, max);
    assert.ok(m.peakCapacity <= max);
    for (let i = 0; i < 160; i++) m.add(chunk);
    assert.equal(m.tooBig, true);
    assert.equal(m.size, 176 * 64 * 1024);
    assert.equal(m.bytes().length, 0, "let go of what it held");
    assert.ok(m.peakCapacity <= max, `peak ${m.peakCapacity}`);
  });

  test("copies what it keeps", () => {
    const m = new MessageBuffer(100);
    const src = Uint8Array.of(1, 2, 3);
    m.add(src);
    src[0] = 9;
    assert.deepEqual([...m.bytes()], [1, 2, 3]);
  });
});
