import { test } from "node:test";
import assert from "node:assert/strict";
import { ByteReader, type ReadLineResult } from "../../src/io/byte-reader.ts";
import { b, randomCut, randomText, rng, s, splits, streamOf } from "./helpers.ts";

type Plain =
  | { kind: "line"; text: string; ending: string; bareCr: boolean }
  | { kind: "too-long"; length: number; ending: string };

function plain(r: ReadLineResult): Plain {
  return r.kind === "line"
    ? { kind: "line", text: s(r.bytes), ending: r.ending, bareCr: r.bareCr }
    : { kind: "too-long", length: r.length, ending: r.ending };
}

/** The specification of readLine, written the obvious way over a whole string. */
function reference(text: string, max: number): Plain[] {
  const out: Plain[] = [];
  let pos = 0;
  while (pos < text.length) {
    const i = text.indexOf("\n", pos);
    let line: string;
    let ending: string;
    if (i < 0) {
      line = text.slice(pos);
      ending = "eof";
      pos = text.length;
    } else {
      line = text.slice(pos, i);
      ending = "lf";
      if (line.endsWith("\r")) {
        line = line.slice(0, -1);
        ending = "crlf";
      }
      pos = i + 1;
    }
    out.push(
      line.length > max
        ? { kind: "too-long", length: line.length, ending }
        : { kind: "line", text: line, ending, bareCr: line.includes("\r") },
    );
  }
  return out;
}

async function readAll(chunks: Uint8Array[], max: number): Promise<Plain[]> {
  const r = new ByteReader(streamOf(chunks));
  const out: Plain[] = [];
  for (let line; (line = await r.readLine(max)) !== null; ) out.push(plain(line));
  assert.equal(await r.readLine(max), null, "null again after end");
  return out;
}

test("readLine: CRLF, bare LF, empty lines and a partial last line, split at every point", async () => {
  const text = "a\r\nbb\ncc\r\n\r\nlast";
  const expected: Plain[] = [
    { kind: "line", text: "a", ending: "crlf", bareCr: false },
    { kind: "line", text: "bb", ending: "lf", bareCr: false },
    { kind: "line", text: "cc", ending: "crlf", bareCr: false },
    { kind: "line", text: "", ending: "crlf", bareCr: false },
    { kind: "line", text: "last", ending: "eof", bareCr: false },
  ];
  let n = 0;
  for (const chunks of splits(b(text))) {
    assert.deepEqual(await readAll(chunks, 100), expected, JSON.stringify(chunks.map(s)));
    n++;
  }
  assert.ok(n > 100);
});

test("readLine: bare CR inside a command is reported, not hidden", async () => {
  for (const chunks of splits(b("MAIL FROM:<a>\rRCPT TO:<b>\r\nX\r\r\n"))) {
    assert.deepEqual(await readAll(chunks, 100), [
      { kind: "line", text: "MAIL FROM:<a>\rRCPT TO:<b>", ending: "crlf", bareCr: true },
      { kind: "line", text: "X\r", ending: "crlf", bareCr: true },
    ]);
  }
});

test("readLine: a trailing CR at end of stream stays in the line", async () => {
  for (const chunks of splits(b("ok\r\nabc\r"))) {
    assert.deepEqual(await readAll(chunks, 100), [
      { kind: "line", text: "ok", ending: "crlf", bareCr: false },
      { kind: "line", text: "abc\r", ending: "eof", bareCr: true },
    ]);
  }
});

test("readLine: empty stream gives null", async () => {
  assert.deepEqual(await readAll([], 10), []);
  assert.deepEqual(await readAll([new Uint8Array(0), new Uint8Array(0)], 10), []);
});

test("readLine: an over-long line is skipped and the next line read correctly, at every split", async () => {
  const long = "x".repeat(50);
  const text = `short\r\n${long}\r\nnext\r\n${long}\nafter\n${long}`;
  const expected: Plain[] = [
    { kind: "line", text: "short", ending: "crlf", bareCr: false },
    { kind: "too-long", length: 50, ending: "crlf" },
    { kind: "line", text: "next", ending: "crlf", bareCr: false },
    { kind: "too-long", length: 50, ending: "lf" },
    { kind: "line", text: "after", ending: "lf", bareCr: false },
    { kind: "too-long", length: 50, ending: "eof" },
  ];
  for (const chunks of splits(b(text), 0)) {
    assert.deepEqual(await readAll(chunks, 10), expected, JSON.stringify(chunks.map(s)));
  }
});

test("readLine: the limit is exact and the CR of CRLF does not count, wherever the CR falls", async () => {
  const text = "1234567890\r\n12345678901\r\n1234567890\n123456789\r\r\n";
  for (const chunks of splits(b(text), 0)) {
    assert.deepEqual(await readAll(chunks, 10), [
      { kind: "line", text: "1234567890", ending: "crlf", bareCr: false },
      { kind: "too-long", length: 11, ending: "crlf" },
      { kind: "line", text: "1234567890", ending: "lf", bareCr: false },
      { kind: "line", text: "123456789\r", ending: "crlf", bareCr: true },
    ]);
  }
});

test("readLine: matches the reference on random input, random splits and limits", async () => {
  const rand = rng(20261124);
  for (let k = 0; k < 3000; k++) {
    const text = randomText(rand, "ab\r\n\n", 40);
    const max = Math.floor(rand() * 8);
    const chunks = randomCut(rand, b(text));
    assert.deepEqual(await readAll(chunks, max), reference(text, max), `case ${k}: ${JSON.stringify(text)} max ${max}`);
  }
});

test("tryReadLine gives buffered lines synchronously and agrees with readLine", async () => {
  const rand = rng(7);
  for (let k = 0; k < 1000; k++) {
    const text = randomText(rand, "ab\r\n\n", 40);
    const max = Math.floor(rand() * 8);
    const r = new ByteReader(streamOf(randomCut(rand, b(text))));
    const out: Plain[] = [];
    for (;;) {
      const line = r.tryReadLine(max) ?? (await r.readLine(max));
      if (line === null) break;
      out.push(plain(line));
    }
    assert.deepEqual(out, reference(text, max), `case ${k}: ${JSON.stringify(text)}`);
  }
  const r = new ByteReader(streamOf([b("A\r\nB\r\nC")]));
  assert.equal(r.tryReadLine(10), undefined, "nothing read ahead yet");
  await r.readLine(10);
  assert.equal(s((r.tryReadLine(10) as { bytes: Uint8Array }).bytes), "B");
  assert.equal(r.tryReadLine(10), undefined, "C is not a complete line yet");
});

test("readLine: a line inside one chunk is a zero-copy view of it", async () => {
  const chunk = b("HELO x\r\nNOOP\r\n");
  const r = new ByteReader(streamOf([chunk]));
  const line = await r.readLine(100);
  assert.equal(line?.kind, "line");
  if (line?.kind !== "line") return;
  assert.equal(line.bytes.buffer, chunk.buffer);
  assert.equal(s(line.bytes), "HELO x");
});

test("readLine: an endless line without LF is never buffered beyond the limit", async () => {
  const chunk = new Uint8Array(65536).fill(0x41);
  let sent = 0;
  const total = 10 * 1024 * 1024;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(c) {
        if (sent >= total) {
          c.enqueue(b("\r\nQUIT\r\n"));
          c.close();
          return;
        }
        sent += chunk.length;
        c.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
  const r = new ByteReader(stream);
  assert.deepEqual(plain((await r.readLine(1000))!), { kind: "too-long", length: total, ending: "crlf" });
  assert.ok(r.peakBuffered <= 1000 + 2 + 65536, `peak ${r.peakBuffered}`);
  assert.deepEqual(plain((await r.readLine(1000))!), { kind: "line", text: "QUIT", ending: "crlf", bareCr: false });
  assert.equal(await r.readLine(1000), null);
});
