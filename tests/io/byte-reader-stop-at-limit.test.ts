import { test } from "node:test";
import assert from "node:assert/strict";
import { ByteReader } from "../../src/io/byte-reader.ts";
import { b, s, streamOf } from "./helpers.ts";

test("readLine stopAtLimit: an endless line without LF is reported once past the limit, the rest unread", async () => {
  // 1 MB of "(" in 1 KB chunks, never an LF, and a stream that would go on: the reader must answer
  // after about the limit, not wait for the end.
  let pulled = 0;
  const chunk = b("(".repeat(1024));
  const endless = new ReadableStream<Uint8Array>({
    pull(c) {
      pulled++;
      c.enqueue(chunk);
    },
  }, { highWaterMark: 0 });
  const r = new ByteReader(endless);
  const line = await r.readLine(4096, { stopAtLimit: true });
  assert.equal(line?.kind, "too-long");
  assert.equal(line?.ending, "none");
  assert.ok(pulled <= 6, `read ${pulled} chunks for a 4096-byte limit`);
  assert.ok(r.peakBuffered <= 4096 + 2 * 1024);
  await r.cancel();
});

test("readLine stopAtLimit: lines that fit, or end within the limit, are unchanged; without the option a long line is consumed to its LF", async () => {
  const r = new ByteReader(streamOf([b("short\r\nabc"), b("def\r\n"), b("x".repeat(50)), b("y".repeat(50) + "\r\nnext\r\n")]));
  const a = await r.readLine(64, { stopAtLimit: true });
  assert.equal(a?.kind === "line" && s(a.bytes), "short");
  const c = await r.readLine(64, { stopAtLimit: true });
  assert.equal(c?.kind === "line" && s(c.bytes), "abcdef");
  const long = await r.readLine(64);
  assert.deepEqual(long, { kind: "too-long", length: 100, ending: "crlf" });
  const next = await r.readLine(64, { stopAtLimit: true });
  assert.equal(next?.kind === "line" && s(next.bytes), "next");
});
