import { test } from "node:test";
import assert from "node:assert/strict";
import { afterTrace } from "./fake-backend.ts";
import { bytes, startSession, str } from "./harness.ts";

// A whole pipelined conversation: two messages (DATA with stuffed dots, BDAT in two chunks), a
// rejected recipient, RSET, NOOP and QUIT.
const DIALOGUE =
  "EHLO c.test\r\nMAIL FROM:<a@remote.test>\r\nRCPT TO:<alice@example.test>\r\nRCPT TO:<nobody@example.test>\r\nDATA\r\n" +
  "Subject: one\r\n\r\n..dot\r\n.\r\n" +
  "MAIL FROM:<>\r\nRCPT TO:<bob@example.test>\r\nBDAT 4\r\n.\r\n.BDAT 3 LAST\r\nxyzRSET\r\nNOOP\r\nQUIT\r\n";

async function run(chunks: Uint8Array[]) {
  const s = await startSession();
  for (const c of chunks) await s.send(c);
  await s.done;
  return {
    transcript: s.client.received(),
    messages: s.backend.deliveries.map((d) => str(afterTrace(d.message).body)),
  };
}

test("a pipelined conversation gives the same replies and messages however it is split", async () => {
  const data = bytes(DIALOGUE);
  const whole = await run([data]);
  assert.deepEqual(whole.messages, ["Subject: one\r\n\r\n.dot\r\n", ".\r\n.xyz"]);
  assert.match(whole.transcript, /550 5\.1\.1/);
  assert.match(whole.transcript, /221 2\.0\.0 .*\r\n$/);
  for (let i = 1; i < data.length; i++) {
    const r = await run([data.subarray(0, i), data.subarray(i)]);
    assert.equal(r.transcript, whole.transcript, `split at ${i}`);
    assert.deepEqual(r.messages, whole.messages, `split at ${i}`);
  }
  const bytewise = await run(Array.from(data, (_, i) => data.subarray(i, i + 1)));
  assert.equal(bytewise.transcript, whole.transcript, "byte by byte");
  assert.deepEqual(bytewise.messages, whole.messages, "byte by byte");
});
