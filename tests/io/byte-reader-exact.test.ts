import { test } from "node:test";
import assert from "node:assert/strict";
import { ByteReader } from "../../src/io/byte-reader.ts";
import { ReadError } from "../../src/io/errors.ts";
import { b, join, s, splits, streamOf } from "./helpers.ts";

async function collect(it: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const c of it) out.push(c);
  return out;
}

test("readExact / skip / readLine interleave correctly at every split", async () => {
  // An IMAP-like exchange: a line announcing a literal, the literal, the rest of the line.
  const text = "A1 APPEND x {5}\r\nhelloSKIP rest\r\nZZ";
  for (const chunks of splits(b(text))) {
    const r = new ByteReader(streamOf(chunks));
    const l1 = await r.readLine(100);
    assert.equal(l1?.kind === "line" && s(l1.bytes), "A1 APPEND x {5}");
    assert.equal(s(await r.readExact(5)), "hello");
    assert.equal((await r.readExact(0)).length, 0);
    await r.skip(4);
    const l2 = await r.readLine(100);
    assert.equal(l2?.kind === "line" && s(l2.bytes), " rest");
    assert.equal(s(await r.readExact(2)), "ZZ");
    assert.equal(await r.readLine(100), null);
    assert.equal(r.ended, true);
  }
});

test("readExact: zero copy inside one chunk, one copy across chunks", async () => {
  const c1 = b("abcdef");
  const c2 = b("ghij");
  const r = new ByteReader(streamOf([c1, c2]));
  const a = await r.readExact(3);
  assert.equal(a.buffer, c1.buffer);
  const x = await r.readExact(5);
  assert.notEqual(x.buffer, c1.buffer);
  assert.equal(s(x), "defgh");
});

test("readExact and skip throw ReadError eof when the stream ends first", async () => {
  for (const op of ["readExact", "skip"] as const) {
    const r = new ByteReader(streamOf([b("abc"), b("de")]));
    await assert.rejects(r[op](6), (e: unknown) => e instanceof ReadError && e.code === "eof" && /5 of 6/.test(e.message));
  }
});

test("readExact rejects negative and fractional counts", async () => {
  const r = new ByteReader(streamOf([b("abc")]));
  await assert.rejects(r.readExact(-1), RangeError);
  await assert.rejects(r.readExact(1.5), RangeError);
  assert.throws(() => r.readChunks(-1), RangeError);
});

test("readChunks yields exactly n bytes as views of the stream's chunks, at every split", async () => {
  const text = "0123456789abcdefXYZ\r\n";
  for (const chunks of splits(b(text))) {
    const r = new ByteReader(streamOf(chunks));
    const got = await collect(r.readChunks(16));
    assert.equal(s(join(got)), "0123456789abcdef");
    for (const g of got) {
      assert.ok(g.length > 0);
      assert.ok(chunks.some((c) => c.buffer === g.buffer), "a view, not a copy");
    }
    const line = await r.readLine(10);
    assert.equal(line?.kind === "line" && s(line.bytes), "XYZ");
  }
});

test("readChunks left early: the next read skips the rest of the literal", async () => {
  for (const chunks of splits(b("AAAAAAAAAABBBBBBBBBB\r\nNEXT\r\n"), 0)) {
    const r = new ByteReader(streamOf(chunks));
    const lit = r.readChunks(20);
    for await (const c of lit) {
      assert.ok(c.length > 0);
      break;
    }
    const line = await r.readLine(10);
    assert.equal(line?.kind === "line" && s(line.bytes), "");
    const next = await r.readLine(10);
    assert.equal(next?.kind === "line" && s(next.bytes), "NEXT");
  }
});

test("readChunks: finish() discards the rest; a literal never started is skipped by the next read", async () => {
  const r = new ByteReader(streamOf([b("12345"), b("67890tail\r\n")]));
  const lit = r.readChunks(10);
  await lit.finish();
  assert.deepEqual(await lit.next(), { done: true, value: undefined });
  const l = await r.readLine(10);
  assert.equal(l?.kind === "line" && s(l.bytes), "tail");

  const r2 = new ByteReader(streamOf([b("12345"), b("67890tail\r\n")]));
  r2.readChunks(10);
  const l2 = await r2.readLine(10);
  assert.equal(l2?.kind === "line" && s(l2.bytes), "tail");
});

test("readChunks: stream ending early surfaces as ReadError eof", async () => {
  const r = new ByteReader(streamOf([b("abc")]));
  await assert.rejects(collect(r.readChunks(10)), (e: unknown) => e instanceof ReadError && e.code === "eof");
});

test("readChunks streams a 50 MB literal with the reader holding one chunk at most", async () => {
  const chunk = new Uint8Array(65536).fill(7);
  const total = 50 * 1024 * 1024;
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(c) {
        if (sent < total) {
          sent += chunk.length;
          c.enqueue(chunk);
        } else {
          c.enqueue(b(")\r\n"));
          c.close();
        }
      },
    },
    { highWaterMark: 0 },
  );
  const r = new ByteReader(stream);
  let got = 0;
  for await (const c of r.readChunks(total)) {
    got += c.length;
    assert.ok(r.buffered <= 65536);
  }
  assert.equal(got, total);
  assert.ok(r.peakBuffered <= 65536, `peak ${r.peakBuffered}`);
  const l = await r.readLine(10);
  assert.equal(l?.kind === "line" && s(l.bytes), ")");
});
