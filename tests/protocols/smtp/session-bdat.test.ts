import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { afterTrace } from "./fake-backend.ts";
import { bytes, codes, startSession, str } from "./harness.ts";

async function transaction(s: Awaited<ReturnType<typeof startSession>>) {
  await s.ehlo();
  assert.equal(codes(await s.cmd("MAIL FROM:<a@remote.test>")), "250 2.1.0");
  assert.equal(codes(await s.cmd("RCPT TO:<alice@example.test>")), "250 2.1.5");
}

describe("SMTP session: BDAT (RFC 3030 CHUNKING)", () => {
  test("chunks are joined; LAST delivers; the chunk bytes are taken exactly (no dot-stuffing)", async () => {
    const s = await startSession();
    await transaction(s);
    await s.send("BDAT 14\r\nSubject: x\r\n\r\n");
    assert.deepEqual([codes(await s.reply())], ["250 2.0.0"]);
    await s.send("BDAT 10 LAST\r\n.\r\nbody\r\n.");
    assert.equal(codes(await s.reply()), "250 2.0.0");
    assert.equal(str(afterTrace(s.backend.deliveries[0]!.message).body), "Subject: x\r\n\r\n.\r\nbody\r\n.");
    assert.equal(codes(await s.cmd("RCPT TO:<alice@example.test>")), "503 5.5.1", "the transaction is over");
  });

  test("BDAT 0 LAST ends a message; a message may be a single chunk", async () => {
    const s = await startSession();
    await transaction(s);
    await s.send("BDAT 6\r\nhi\r\n\r\n");
    await s.reply();
    assert.equal(codes(await s.cmd("BDAT 0 LAST")), "250 2.0.0");
    assert.equal(str(afterTrace(s.backend.deliveries[0]!.message).body), "hi\r\n\r\n");
    await s.cmd("MAIL FROM:<a@remote.test>");
    await s.cmd("RCPT TO:<alice@example.test>");
    await s.send("BDAT 3 last\r\nx\r\n");
    assert.equal(codes(await s.reply()), "250 2.0.0");
  });

  test("a pipelined BDAT group gets its replies in one batch", async () => {
    const s = await startSession();
    await s.ehlo();
    const before = s.client.chunks().length;
    await s.send("MAIL FROM:<a@remote.test>\r\nRCPT TO:<alice@example.test>\r\nBDAT 3\r\nab\nBDAT 4 LAST\r\ncd\r\n");
    const replies = [await s.reply(), await s.reply(), await s.reply(), await s.reply()].map(codes);
    assert.deepEqual(replies, ["250 2.1.0", "250 2.1.5", "250 2.0.0", "550 5.6.0"], "the bare LF in the first chunk is refused at LAST");
    assert.equal(s.client.chunks().length - before, 1, "one write for the whole batch");
  });

  test("BDAT out of sequence still consumes its chunk, so the chunk is never read as commands", async () => {
    const s = await startSession();
    await s.send("BDAT 6\r\nQUIT\r\n");
    assert.equal(codes(await s.reply()), "503 5.5.1");
    await s.ehlo();
    await s.send("BDAT 6 LAST\r\nQUIT\r\n");
    assert.equal(codes(await s.reply()), "503 5.5.1");
    await s.cmd("MAIL FROM:<a@remote.test>");
    await s.send("BDAT 6\r\nQUIT\r\n");
    assert.equal(codes(await s.reply()), "554 5.5.1", "no valid recipients");
    assert.equal(codes(await s.cmd("NOOP")), "250 2.0.0");
  });

  test("a BDAT size that does not parse is 501 and closes: the chunk cannot be found", async () => {
    for (const arg of ["", "x", "-1", "10 NOTLAST", "1234567890123456", "10 LAST extra"]) {
      const s = await startSession();
      await transaction(s);
      const r = await s.cmd(`BDAT ${arg}`.trimEnd());
      assert.equal(codes(r), "501 5.5.4", arg);
      await s.client.closed;
    }
  });

  test("DATA after BDAT, RCPT after BDAT and MAIL during BDAT are 503; RSET ends the BDAT transaction", async () => {
    const s = await startSession();
    await transaction(s);
    await s.send("BDAT 2\r\nab");
    await s.reply();
    assert.equal(codes(await s.cmd("DATA")), "503 5.5.1");
    assert.equal(codes(await s.cmd("RCPT TO:<bob@example.test>")), "503 5.5.1");
    assert.equal(codes(await s.cmd("MAIL FROM:<a@remote.test>")), "503 5.5.1");
    assert.equal(codes(await s.cmd("NOOP")), "250 2.0.0");
    assert.equal(codes(await s.cmd("RSET")), "250 2.0.0");
    await s.send("BDAT 2 LAST\r\ncd");
    assert.equal(codes(await s.reply()), "503 5.5.1");
    assert.equal(s.backend.deliveries.length, 0);
  });

  test("chunks over SIZE are read and dropped, each answered 552 5.3.4, and the session stays in sync", async () => {
    const max = 64 * 1024;
    const s = await startSession({ limits: { maxMessageSize: max } });
    await transaction(s);
    const chunk = bytes("y".repeat(48 * 1024));
    for (let i = 0; i < 4; i++) {
      await s.send(`BDAT ${chunk.length}\r\n`);
      await s.send(chunk);
      assert.equal(codes(await s.reply()), i === 0 ? "250 2.0.0" : "552 5.3.4", `chunk ${i + 1}`);
    }
    await s.send("BDAT 1 LAST\r\nz");
    assert.equal(codes(await s.reply()), "552 5.3.4");
    assert.equal(s.backend.deliveries.length, 0);
    assert.equal(codes(await s.cmd("MAIL FROM:<a@remote.test>")), "250 2.1.0", "the session is in sync and idle");
  });

  test("BDAT messages get the trace header and reach deliver byte for byte, 8-bit included", async () => {
    const s = await startSession();
    await transaction(s);
    const body = bytes("Subject: \xe2\x82\xac\r\n\r\n\x80\x81\r\n");
    await s.send(`BDAT ${body.length} LAST\r\n`);
    await s.send(body);
    assert.equal(codes(await s.reply()), "250 2.0.0");
    const { trace, body: got } = afterTrace(s.backend.deliveries[0]!.message);
    assert.match(trace, /^Received: from client\.example\.net/);
    assert.deepEqual(got, body);
  });
});
