import { test } from "node:test";
import assert from "node:assert/strict";
import { BatchWriter } from "../../src/io/batch-writer.ts";
import { join, s, unhandledDuring } from "./helpers.ts";

/** A sink that records the chunks it receives (by reference) and can be made slow or failing. */
function sink(opts: { delayMs?: number; failOn?: number } = {}) {
  const chunks: Uint8Array[] = [];
  const log: string[] = [];
  let writes = 0;
  const stream = new WritableStream<Uint8Array>(
    {
      async write(chunk) {
        const n = ++writes;
        log.push(`start ${n}`);
        if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
        if (opts.failOn === n) throw new Error("EPIPE");
        chunks.push(chunk);
        log.push(`done ${n}`);
      },
    },
    { highWaterMark: 1 },
  );
  return { stream, chunks, log };
}

const text = (chunks: Uint8Array[]) => new TextDecoder().decode(join(chunks));

test("small writes are batched into one chunk per flush", async () => {
  const { stream, chunks } = sink();
  const w = new BatchWriter(stream);
  assert.equal(w.write("250-mail.example.test\r\n"), undefined);
  assert.equal(w.write("250-PIPELINING\r\n"), undefined);
  assert.equal(w.write(new TextEncoder().encode("250 8BITMIME\r\n")), undefined);
  assert.equal(chunks.length, 0);
  assert.equal(w.buffered, 53);
  await w.flush();
  assert.equal(chunks.length, 1);
  assert.equal(text(chunks), "250-mail.example.test\r\n250-PIPELINING\r\n250 8BITMIME\r\n");
  assert.equal(w.buffered, 0);
  await w.flush(); // nothing buffered: no empty chunk
  assert.equal(chunks.length, 1);
});

test("write flushes by itself past the threshold and returns the promise to await", async () => {
  const { stream, chunks } = sink();
  const w = new BatchWriter(stream, { flushThreshold: 64 });
  let returned = 0;
  for (let i = 0; i < 100; i++) {
    const p = w.write(`* ${i} FETCH (FLAGS ())\r\n`);
    if (p) {
      returned++;
      await p;
    }
  }
  await w.flush();
  assert.ok(returned >= 20, `auto flushes: ${returned}`);
  for (const c of chunks.slice(0, -1)) assert.ok(c.length >= 64 && c.length < 128, `chunk ${c.length}`);
  let expected = "";
  for (let i = 0; i < 100; i++) expected += `* ${i} FETCH (FLAGS ())\r\n`;
  assert.equal(text(chunks), expected);
});

test("flush waits for a slow sink (backpressure)", async () => {
  const { stream, log } = sink({ delayMs: 30 });
  const w = new BatchWriter(stream);
  w.write("first\r\n");
  let flushed = false;
  const p = w.flush().then(() => void (flushed = true));
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(flushed, false, "flush must not resolve while the sink is still writing");
  assert.deepEqual(log, ["start 1"]);
  await p;
  assert.deepEqual(log, ["start 1", "done 1"]);
  w.write("second\r\n");
  await w.flush();
  assert.deepEqual(log, ["start 1", "done 1", "start 2", "done 2"]);
});

test("an auto-flush from write waits for the slow sink too", async () => {
  const { stream, log } = sink({ delayMs: 20 });
  const w = new BatchWriter(stream, { flushThreshold: 64 });
  const p = w.write("x".repeat(100));
  assert.ok(p instanceof Promise);
  await p;
  assert.deepEqual(log, ["start 1", "done 1"]);
});

test("UTF-8 strings are encoded correctly across buffer boundaries", async () => {
  const { stream, chunks } = sink();
  const w = new BatchWriter(stream, { flushThreshold: 64 });
  const parts = ["Grüße ", "😀".repeat(40), " — ", "ä".repeat(100), "end"];
  for (const part of parts) await w.write(part);
  await w.flush();
  assert.equal(text(chunks), parts.join(""));
  for (const c of chunks) assert.ok(c.length <= 64, "buffer stays bounded");
});

test("large byte arrays pass through uncopied, in order with buffered text", async () => {
  const { stream, chunks } = sink();
  const w = new BatchWriter(stream, { flushThreshold: 64 });
  const big = new Uint8Array(1000).fill(0x61);
  w.write("* 1 FETCH (BODY[] {1000}\r\n");
  await w.write(big);
  w.write(")\r\n");
  await w.flush();
  assert.equal(chunks.length, 3);
  assert.equal(chunks[1], big, "same object: no copy");
  assert.equal(s(join(chunks)), "* 1 FETCH (BODY[] {1000}\r\n" + "a".repeat(1000) + ")\r\n");
});

test("a chunk handed to the sink is never overwritten by later writes", async () => {
  const { stream, chunks } = sink();
  const w = new BatchWriter(stream, { flushThreshold: 64 });
  const expected: string[] = [];
  for (let i = 0; i < 50; i++) {
    const line = `${String(i).padStart(3, "0")} ${"y".repeat(i % 40)}\r\n`;
    expected.push(line);
    await w.write(line);
    if (i % 7 === 0) await w.flush();
  }
  await w.flush();
  assert.equal(text(chunks), expected.join(""));
});

test("a failing sink: flush rejects, later writes throw, ignored promises are not unhandled", async () => {
  const { stream } = sink({ failOn: 1 });
  const w = new BatchWriter(stream, { flushThreshold: 64 });
  const unhandled = await unhandledDuring(async () => {
    w.write("x".repeat(100)); // auto-flush promise deliberately ignored
    await new Promise((r) => setTimeout(r, 5));
    assert.throws(() => w.write("more"), /EPIPE/);
    await assert.rejects(w.flush(), /EPIPE/);
    await w.abort(); // never rejects
  });
  assert.deepEqual(unhandled, []);
});

test("release flushes and unlocks the stream; the writer is unusable afterwards", async () => {
  const { stream, chunks } = sink();
  const w = new BatchWriter(stream);
  w.write("220 Ready to start TLS\r\n");
  await w.release();
  assert.equal(text(chunks), "220 Ready to start TLS\r\n");
  assert.equal(stream.locked, false);
  assert.throws(() => w.write("x"), /after release/);
});

test("close flushes and closes the stream", async () => {
  let closed = false;
  const got: Uint8Array[] = [];
  const stream = new WritableStream<Uint8Array>({
    write: (c) => void got.push(c),
    close: () => void (closed = true),
  });
  const w = new BatchWriter(stream);
  w.write("221 Bye\r\n");
  await w.close();
  assert.equal(closed, true);
  assert.equal(text(got), "221 Bye\r\n");
});
