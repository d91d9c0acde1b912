import { test } from "node:test";
import assert from "node:assert/strict";
import { ByteReader } from "../../src/io/byte-reader.ts";
import { DotDecoder } from "../../src/io/dot-decoder.ts";
import { ReadError } from "../../src/io/errors.ts";
import { b, join, s, splits, streamOf } from "./helpers.ts";

interface Outcome {
  body: string;
  size: number;
  tooBig: boolean;
  bareCr: boolean;
  bareLf: boolean;
  after: string | null; // the line following the data
}

async function readData(chunks: Uint8Array[], max = Number.POSITIVE_INFINITY): Promise<Outcome> {
  const r = new ByteReader(streamOf(chunks));
  const data = r.readDotData(max);
  const got: Uint8Array[] = [];
  for await (const c of data) got.push(c);
  const res = await data.finish();
  assert.deepEqual(data.result, res);
  const line = await r.readLine(1000);
  return { body: s(join(got)), ...res, after: line?.kind === "line" ? s(line.bytes) : null };
}

test("dot data: unstuffs and stops at CRLF.CRLF, leaving the pipelined command, at every split", async () => {
  const text = "Subject: x\r\n\r\n..leading dot\r\n...two\r\n.\r\nQUIT\r\n";
  for (const chunks of splits(b(text))) {
    assert.deepEqual(await readData(chunks), {
      body: "Subject: x\r\n\r\n.leading dot\r\n..two\r\n",
      size: 35,
      tooBig: false,
      bareCr: false,
      bareLf: false,
      after: "QUIT",
    }, JSON.stringify(chunks.map(s)));
  }
});

test("dot data: the start of the data counts as following a CRLF", async () => {
  for (const chunks of splits(b(".\r\nNEXT\r\n"))) {
    assert.deepEqual(await readData(chunks), { body: "", size: 0, tooBig: false, bareCr: false, bareLf: false, after: "NEXT" });
  }
  for (const chunks of splits(b("..x\r\n.\r\n"))) {
    assert.equal((await readData(chunks)).body, ".x\r\n");
  }
  for (const chunks of splits(b("\r\n.\r\n"))) {
    assert.equal((await readData(chunks)).body, "\r\n");
  }
});

// SMTP smuggling (CVE-2023-51764/51765/51766 family): a terminator other than CRLF.CRLF lets a
// second, forged message through a server that disagrees with the sender about where DATA ends.
const smuggled = "MAIL FROM:<ceo@victim.test>\r\nRCPT TO:<a@b.test>\r\nDATA\r\nforged\r\n";
const smugglingCases: [name: string, seq: string, body: string, bareCr: boolean, bareLf: boolean][] = [
  ["\\n.\\n", "\n.\n", "\n.\n", false, true],
  ["\\r.\\r", "\r.\r", "\r.\r", true, false],
  ["\\n.\\r\\n", "\n.\r\n", "\n.\r\n", false, true],
  ["\\r\\n.\\n", "\r\n.\n", "\r\n\n", false, true], // "." at line start is stuffing: removed (RFC 5321 4.5.2)
  ["\\r.\\r\\n", "\r.\r\n", "\r.\r\n", true, false],
  ["\\r\\n.\\r", "\r\n.\rX", "\r\n\rX", true, false],
  ["\\n.\\n\\r", "\n.\n\r", "\n.\n\r", true, true],
  ["\\r\\r\\n.\\r\\r\\n", "\r\r\n.\r\r\n", "\r\r\n\r\r\n", true, false],
];
for (const [name, seq, body, bareCr, bareLf] of smugglingCases) {
  test(`dot data: smuggling sequence ${name} is data, not the end`, async () => {
    const text = `text${seq}${smuggled}.\r\nQUIT\r\n`;
    for (const chunks of splits(b(text), 0)) {
      const got = await readData(chunks);
      assert.equal(got.body, `text${body}${smuggled}`);
      assert.equal(got.after, "QUIT");
      assert.equal(got.bareCr, bareCr, "bareCr");
      assert.equal(got.bareLf, bareLf, "bareLf");
    }
  });
}

test("dot data: bare-LF-only senders never end the data (stream end is an eof error)", async () => {
  for (const text of ["hello\n.\n", "hello\r.\r", "hello\n.\r\n", "hello\r\n.\n", ".\n", ".\r", "x\r\n."]) {
    const r = new ByteReader(streamOf([b(text)]));
    const data = r.readDotData();
    await assert.rejects(
      (async () => {
        for await (const _ of data) { /* drain */ }
      })(),
      (e: unknown) => e instanceof ReadError && e.code === "eof",
      JSON.stringify(text),
    );
  }
});

test("dot data: bare CR / LF flags are set wherever they fall across chunks", async () => {
  const cases: [string, boolean, boolean][] = [
    ["a\r\nb\r\n", false, false],
    ["a\rb\r\n", true, false],
    ["a\nb\r\n", false, true],
    ["a\r\r\n", true, false],
    ["a\n\r\n", false, true],
  ];
  for (const [body, cr, lf] of cases) {
    for (const chunks of splits(b(body + ".\r\n"))) {
      const got = await readData(chunks);
      assert.equal(got.body, body);
      assert.equal(got.bareCr, cr, JSON.stringify(body));
      assert.equal(got.bareLf, lf, JSON.stringify(body));
    }
  }
});

test("dot data: too big yields exactly maxBytes, consumes to the terminator, reports the full size", async () => {
  const body = "0123456789\r\n..abcdefgh\r\n";
  for (const chunks of splits(b(body + ".\r\nRSET\r\n"), 0)) {
    for (const max of [0, 5, 12, 13, 22, 23]) {
      const got = await readData(chunks, max);
      const full = "0123456789\r\n.abcdefgh\r\n";
      assert.equal(got.body, full.slice(0, max));
      assert.equal(got.size, full.length);
      assert.equal(got.tooBig, full.length > max);
      assert.equal(got.after, "RSET");
    }
  }
});

test("dot data: leaving the loop early, the next read drains the rest to the terminator", async () => {
  for (const chunks of splits(b("line1\r\nline2\r\n.\r\nQUIT\r\n"), 0)) {
    const r = new ByteReader(streamOf(chunks));
    for await (const _ of r.readDotData(1000)) break;
    const l = await r.readLine(100);
    assert.equal(l?.kind === "line" && s(l.bytes), "QUIT");
  }
});

test("dot data: two pipelined bodies in a row", async () => {
  for (const chunks of splits(b("a\r\n.\r\n..b\r\n.\r\n"))) {
    const r = new ByteReader(streamOf(chunks));
    const first: Uint8Array[] = [];
    for await (const c of r.readDotData()) first.push(c);
    const second: Uint8Array[] = [];
    for await (const c of r.readDotData()) second.push(c);
    assert.equal(s(join(first)), "a\r\n");
    assert.equal(s(join(second)), ".b\r\n");
    assert.equal(await r.readLine(10), null);
  }
});

test("dot data: output chunks are views of the input when nothing is unstuffed", async () => {
  const chunk = b("plain body\r\nmore\r\n.\r\n");
  const r = new ByteReader(streamOf([chunk]));
  const out: Uint8Array[] = [];
  for await (const c of r.readDotData()) out.push(c);
  assert.equal(out.length, 1);
  assert.equal(out[0].buffer, chunk.buffer);
});

test("DotDecoder: consumes only up to the terminator", () => {
  const d = new DotDecoder();
  const out: Uint8Array[] = [];
  const input = b("x\r\n.\r\nNEXT");
  assert.equal(d.decode(input, out), 6);
  assert.equal(d.done, true);
  assert.equal(d.decode(b("more"), out), 0);
  assert.equal(s(join(out)), "x\r\n");
});

test("dot data: 100 MB over a 1 MB limit is consumed with the reader's memory bounded", async () => {
  // 64 KiB blocks of 64-byte lines, each starting with a stuffed dot: 63 body bytes per line.
  const line = ".." + "x".repeat(60) + "\r\n";
  const block = b(line.repeat(1024));
  const blocks = 1600; // 100 MiB
  let sent = 0;
  let maxAhead = 0;
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(c) {
        if (sent < blocks) {
          sent++;
          pulled += block.length;
          c.enqueue(block);
        } else if (sent === blocks) {
          sent++;
          c.enqueue(b(".\r\nQUIT\r\n"));
        } else {
          c.close();
        }
      },
    },
    { highWaterMark: 0 },
  );
  const r = new ByteReader(stream);
  const data = r.readDotData(1024 * 1024);
  let yielded = 0;
  let consumedSeen = 0;
  for await (const c of data) {
    yielded += c.length;
    consumedSeen = pulled;
    maxAhead = Math.max(maxAhead, r.buffered);
  }
  const res = await data.finish();
  assert.equal(yielded, 1024 * 1024);
  assert.ok(consumedSeen <= 1024 * 1024 * 2, "stopped yielding once over the limit");
  assert.deepEqual(res, { size: blocks * 1024 * 63, tooBig: true, bareCr: false, bareLf: false });
  assert.ok(r.peakBuffered <= block.length, `peak ${r.peakBuffered}`);
  assert.ok(maxAhead <= block.length);
  assert.equal(pulled, blocks * block.length);
  const l = await r.readLine(100);
  assert.equal(l?.kind === "line" && s(l.bytes), "QUIT");
});
