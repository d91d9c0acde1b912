import { test } from "node:test";
import assert from "node:assert/strict";
import { ByteReader } from "../../src/io/byte-reader.ts";
import { DotStuffer, dotStuff, dotStuffStream } from "../../src/io/dot-stuffer.ts";
import { b, join, randomCut, randomText, rng, s, splits, streamOf } from "./helpers.ts";

function stuff(chunks: Uint8Array[], normalizeLineEndings = false): string {
  const st = new DotStuffer({ normalizeLineEndings });
  const out = chunks.map((c) => st.push(c));
  out.push(st.end());
  return s(join(out));
}

const cases: [input: string, raw: string, normalized: string][] = [
  ["", ".\r\n", ".\r\n"],
  ["a", "a\r\n.\r\n", "a\r\n.\r\n"],
  ["a\r\n", "a\r\n.\r\n", "a\r\n.\r\n"],
  [".", "..\r\n.\r\n", "..\r\n.\r\n"],
  [".a\r\n", "..a\r\n.\r\n", "..a\r\n.\r\n"],
  ["a\r\n.\r\nb", "a\r\n..\r\nb\r\n.\r\n", "a\r\n..\r\nb\r\n.\r\n"],
  ["a\r\n..b\r\n", "a\r\n...b\r\n.\r\n", "a\r\n...b\r\n.\r\n"],
  ["a\n.b", "a\n.b\r\n.\r\n", "a\r\n..b\r\n.\r\n"],
  ["a\r.b\r", "a\r.b\r\r\n.\r\n", "a\r\n..b\r\n.\r\n"],
  ["a\n", "a\n\r\n.\r\n", "a\r\n.\r\n"],
  ["\r\n.", "\r\n..\r\n.\r\n", "\r\n..\r\n.\r\n"],
  ["x\n\r\n.\r", "x\n\r\n..\r\r\n.\r\n", "x\r\n\r\n..\r\n.\r\n"],
  ["\n\n.", "\n\n.\r\n.\r\n", "\r\n\r\n..\r\n.\r\n"],
];

test("dot-stuffing: known cases at every split, raw and normalised", async () => {
  for (const [input, raw, normalized] of cases) {
    for (const chunks of splits(b(input))) {
      const label = JSON.stringify(chunks.map(s));
      assert.equal(stuff(chunks), raw, `raw ${label}`);
      assert.equal(stuff(chunks, true), normalized, `normalised ${label}`);
    }
  }
});

test("dot-stuffing: a chunk that needs no change is returned as is", () => {
  const st = new DotStuffer();
  const c = b("hello\r\nworld\r\n");
  assert.equal(st.push(c), c);
  const n = new DotStuffer({ normalizeLineEndings: true });
  assert.equal(n.push(c), c);
});

function normalize(x: string): string {
  return x.replace(/\r\n|\r|\n/g, "\r\n");
}

test("dot-stuffing round-trips through the dot reader on random input (raw and normalised)", async () => {
  const rand = rng(4242);
  for (let k = 0; k < 3000; k++) {
    const input = randomText(rand, ".\r\na", 60);
    const normalizeLineEndings = k % 2 === 1;
    const st = new DotStuffer({ normalizeLineEndings });
    const wire = join([...randomCut(rand, b(input)).map((c) => st.push(c)), st.end()]);
    const w = s(wire);
    // The terminator appears once, at the very end, and nowhere earlier.
    assert.ok(w.endsWith(".\r\n"));
    assert.equal(w.slice(0, -3).indexOf("\r\n.\r\n"), -1, `early terminator in ${JSON.stringify(w)}`);
    assert.ok(!w.startsWith(".\r\n") || w === ".\r\n");

    const r = new ByteReader(streamOf(randomCut(rand, join([wire, b("NEXT\r\n")]))));
    const data = r.readDotData();
    const got: Uint8Array[] = [];
    for await (const c of data) got.push(c);
    const res = await data.finish();
    let expected = normalizeLineEndings ? normalize(input) : input;
    if (expected.length > 0 && !expected.endsWith("\r\n")) expected += "\r\n";
    assert.equal(s(join(got)), expected, `case ${k}: ${JSON.stringify(input)}`);
    assert.equal(res.size, expected.length);
    assert.equal(res.bareLf, /(^|[^\r])\n/.test(expected));
    assert.equal(res.bareCr, /\r(?!\n)/.test(expected));
    const l = await r.readLine(10);
    assert.equal(l?.kind === "line" && s(l.bytes), "NEXT");
  }
});

test("dotStuff over async chunks and dotStuffStream give the same bytes", async () => {
  const chunks = ["a\r", "\n.b\r\n", ".", "\r\nend"].map(b);
  async function* gen() {
    yield* chunks;
  }
  const viaGen: Uint8Array[] = [];
  for await (const c of dotStuff(gen())) viaGen.push(c);
  const viaStream: Uint8Array[] = [];
  const piped = streamOf(chunks).pipeThrough(dotStuffStream());
  const reader = piped.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) viaStream.push(r.value);
  const expected = "a\r\n..b\r\n..\r\nend\r\n.\r\n";
  assert.equal(s(join(viaGen)), expected);
  assert.equal(s(join(viaStream)), expected);
});

test("push after end is refused", () => {
  const st = new DotStuffer();
  st.end();
  assert.throws(() => st.push(b("x")));
});
