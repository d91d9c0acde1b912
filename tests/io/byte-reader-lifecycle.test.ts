import { test } from "node:test";
import assert from "node:assert/strict";
import { ByteReader } from "../../src/io/byte-reader.ts";
import { ReadError } from "../../src/io/errors.ts";
import { b, s, streamOf, unhandledDuring } from "./helpers.ts";

const isCode = (code: string) => (e: unknown) => e instanceof ReadError && e.code === code;

// CVE-2011-0411 class: plaintext pipelined after STARTTLS must never be read as if it came
// over TLS.
test("STARTTLS release drops pipelined plaintext and unlocks the stream", async () => {
  const later = b("EHLO after-tls\r\n");
  const injected = "MAIL FROM:<injected@x>\r\n";
  const stream = streamOf([b("STARTTLS\r\n" + injected), later]);
  const r = new ByteReader(stream);
  const line = await r.readLine(512);
  assert.equal(line?.kind === "line" && s(line.bytes), "STARTTLS");
  assert.equal(r.buffered, injected.length);
  assert.equal(r.release(), injected.length);
  assert.equal(r.buffered, 0);
  assert.equal(stream.locked, false);
  await assert.rejects(r.readLine(512), isCode("released"));
  await assert.rejects(r.readExact(1), isCode("released"));
  assert.throws(() => r.readDotData(), isCode("released"));
  assert.equal(r.release(), 0, "idempotent");
  // Whoever takes the stream next never sees the dropped bytes.
  const next = await stream.getReader().read();
  assert.equal(s(next.value!), "EHLO after-tls\r\n");
});

test("release also abandons an unfinished literal or data stream", async () => {
  const r = new ByteReader(streamOf([b("abcdef")]));
  const lit = r.readChunks(100);
  assert.equal(s((await lit.next()).value!), "abcdef");
  assert.equal(r.release(), 0);
  await assert.rejects(lit.next(), isCode("released"));
  await assert.rejects(lit.finish(), isCode("released"));
});

test("release while a read is pending is refused", async () => {
  let ctl!: ReadableStreamDefaultController<Uint8Array>;
  const r = new ByteReader(new ReadableStream<Uint8Array>({ start: (c) => void (ctl = c) }));
  const pending = r.readLine(10);
  await new Promise((res) => setTimeout(res, 1));
  assert.throws(() => r.release(), isCode("busy"));
  ctl.enqueue(b("x\r\n"));
  const line = await pending;
  assert.equal(line?.kind === "line" && s(line.bytes), "x");
  assert.equal(r.release(), 0);
});

test("a second read while one is pending is a busy error, the first unaffected", async () => {
  let ctl!: ReadableStreamDefaultController<Uint8Array>;
  const r = new ByteReader(new ReadableStream<Uint8Array>({ start: (c) => void (ctl = c) }));
  const first = r.readLine(10);
  await assert.rejects(r.readLine(10), isCode("busy"));
  ctl.enqueue(b("ok\r\n"));
  const line = await first;
  assert.equal(line?.kind === "line" && s(line.bytes), "ok");
});

test("cancel() rejects a pending read with 'cancelled' and cancels the source", async () => {
  let cancelReason: unknown = null;
  const r = new ByteReader(
    new ReadableStream<Uint8Array>({
      cancel(reason) {
        cancelReason = reason;
      },
    }),
  );
  const unhandled = await unhandledDuring(async () => {
    const pending = r.readLine(10);
    await r.cancel("idle timeout");
    await assert.rejects(pending, isCode("cancelled"));
    await assert.rejects(r.readLine(10), isCode("cancelled"));
    await r.cancel("again"); // idempotent, never rejects
  });
  assert.equal(cancelReason, "idle timeout");
  assert.deepEqual(unhandled, []);
});

test("an erroring stream surfaces as ReadError 'stream' with the cause, sticky, no unhandled rejection", async () => {
  const boom = new Error("connection reset");
  let n = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      if (n++ === 0) c.enqueue(b("partial"));
      else c.error(boom);
    },
  });
  const unhandled = await unhandledDuring(async () => {
    const r = new ByteReader(stream);
    const e1 = await r.readLine(100).then(() => null, (e: unknown) => e);
    assert.ok(e1 instanceof ReadError && e1.code === "stream");
    assert.equal((e1 as ReadError).cause, boom);
    await assert.rejects(r.readExact(1), (e: unknown) => e === e1);
    await r.cancel(); // harmless on an errored stream
    assert.equal(r.release(), 0);
  });
  assert.deepEqual(unhandled, []);
});

test("a stream error inside dot data or a literal is a ReadError too", async () => {
  for (const mk of [(r: ByteReader) => r.readDotData(), (r: ByteReader) => r.readChunks(100)]) {
    let n = 0;
    const r = new ByteReader(
      new ReadableStream<Uint8Array>({
        pull(c) {
          if (n++ === 0) c.enqueue(b("abc"));
          else c.error(new Error("tls alert"));
        },
      }),
    );
    const it = mk(r);
    await assert.rejects(
      (async () => {
        for await (const _ of it) { /* drain */ }
      })(),
      isCode("stream"),
    );
  }
});

test("a chunk that is not a Uint8Array is a stream error", async () => {
  const r = new ByteReader(streamOf(["text" as unknown as Uint8Array]));
  await assert.rejects(r.readLine(10), isCode("stream"));
});
