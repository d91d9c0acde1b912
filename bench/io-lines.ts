// Micro-benchmark for src/io: readLine and the dot-data reader over a generated 100 MB stream
// (64 KiB chunks, mail-like lines of 1-78 chars, 1 in 20 starting with a stuffed dot).
// Prints lines/s and MB/s; no assertions.
//   npx tsx bench/io-lines.ts | npx deno run -A bench/io-lines.ts | npx bun bench/io-lines.ts
import { ByteReader } from "../src/io/byte-reader.ts";
import { DotStuffer } from "../src/io/dot-stuffer.ts";

const TOTAL = 100 * 1024 * 1024;
const CHUNK = 64 * 1024;

const g = globalThis as Record<string, unknown>;
const runtime = g.Bun ? "bun" : g.Deno ? "deno" : "node";

/** 1 MiB of CRLF lines, cut at a line end, repeated to make the stream. */
function makeBlock(): { block: Uint8Array; lines: number } {
  let seed = 1;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296);
  const parts: string[] = [];
  let size = 0;
  let lines = 0;
  while (size < 1024 * 1024 - 100) {
    let line = "";
    const n = 1 + Math.floor(rand() * 78);
    for (let i = 0; i < n; i++) line += String.fromCharCode(97 + Math.floor(rand() * 26));
    if (rand() < 0.05) line = ".." + line;
    parts.push(line + "\r\n");
    size += line.length + 2;
    lines++;
  }
  return { block: new TextEncoder().encode(parts.join("")), lines };
}

const { block, lines: linesPerBlock } = makeBlock();
const blocks = Math.ceil(TOTAL / block.length);
const bytes = blocks * block.length;

/** The blocks as 64 KiB chunks (views, no copies), then `tail`. */
function source(tail?: Uint8Array): ReadableStream<Uint8Array> {
  let b = 0;
  let off = 0;
  let done = false;
  return new ReadableStream<Uint8Array>({
    pull(c) {
      if (b < blocks) {
        const end = Math.min(off + CHUNK, block.length);
        c.enqueue(block.subarray(off, end));
        off = end;
        if (off === block.length) {
          off = 0;
          b++;
        }
      } else if (tail && !done) {
        done = true;
        c.enqueue(tail);
      } else {
        c.close();
      }
    },
  });
}

function report(name: string, ms: number, lines?: number): void {
  const mbs = bytes / 1e6 / (ms / 1000);
  const lps = lines === undefined ? "" : `  ${(lines / (ms / 1000) / 1e6).toFixed(2)} M lines/s`;
  console.log(`${runtime.padEnd(5)} ${name.padEnd(22)} ${(bytes / 1048576).toFixed(0)} MiB in ${ms.toFixed(0)} ms  ${mbs.toFixed(0)} MB/s${lps}`);
}

async function benchReadLine(): Promise<void> {
  const r = new ByteReader(source());
  let n = 0;
  const t0 = performance.now();
  for (let l; (l = await r.readLine(1000)) !== null; ) if (l.kind === "line") n++;
  const ms = performance.now() - t0;
  if (n !== linesPerBlock * blocks) throw new Error(`line count ${n}`);
  report("readLine", ms, n);
}

async function benchTryReadLine(): Promise<void> {
  const r = new ByteReader(source());
  let n = 0;
  const t0 = performance.now();
  for (;;) {
    const l = r.tryReadLine(1000) ?? (await r.readLine(1000));
    if (l === null) break;
    if (l.kind === "line") n++;
  }
  const ms = performance.now() - t0;
  if (n !== linesPerBlock * blocks) throw new Error(`line count ${n}`);
  report("tryReadLine+readLine", ms, n);
}

async function benchDotData(): Promise<void> {
  const r = new ByteReader(source(new TextEncoder().encode(".\r\n")));
  const t0 = performance.now();
  const data = r.readDotData();
  let got = 0;
  for await (const c of data) got += c.length;
  const res = await data.finish();
  const ms = performance.now() - t0;
  if (res.size !== got) throw new Error("size mismatch");
  report("readDotData", ms, linesPerBlock * blocks);
}

async function benchDotDataTooBig(): Promise<void> {
  const r = new ByteReader(source(new TextEncoder().encode(".\r\n")));
  const t0 = performance.now();
  const res = await r.readDotData(1024 * 1024).finish();
  const ms = performance.now() - t0;
  if (!res.tooBig) throw new Error("expected tooBig");
  report("readDotData over limit", ms, linesPerBlock * blocks);
}

function benchStuffer(): void {
  const st = new DotStuffer({ normalizeLineEndings: true });
  let out = 0;
  const t0 = performance.now();
  for (let b = 0; b < blocks; b++) {
    for (let off = 0; off < block.length; off += CHUNK) out += st.push(block.subarray(off, off + CHUNK)).length;
  }
  out += st.end().length;
  const ms = performance.now() - t0;
  if (out < bytes) throw new Error("short output");
  report("DotStuffer (normalise)", ms, linesPerBlock * blocks);
}

for (let round = 0; round < 2; round++) {
  if (round === 1) console.log("-- second round (warm) --");
  await benchReadLine();
  await benchTryReadLine();
  await benchDotData();
  await benchDotDataTooBig();
  benchStuffer();
}
