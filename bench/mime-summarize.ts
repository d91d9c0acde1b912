// summarize() throughput (src/mime): a 1 MB message with attachments, and 10,000 small messages of
// mixed shapes; also the JSON step delivery adds and the size of the stored summary. Prints figures;
// no assertions.
//   npx tsx bench/mime-summarize.ts | npx deno run -A bench/mime-summarize.ts | npx bun bench/mime-summarize.ts
import { summarize } from "../src/mime/mod.ts";

const g = globalThis as Record<string, unknown>;
const runtime = g.Bun ? "bun" : g.Deno ? "deno" : "node";
const enc = new TextEncoder();

let seed = 1;
const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296;
const word = () => Array.from({ length: 2 + Math.floor(rand() * 8) }, () => String.fromCharCode(97 + Math.floor(rand() * 26))).join("");
const text = (bytes: number) => {
  const lines: string[] = [];
  let n = 0;
  while (n < bytes) {
    let line = "";
    while (line.length < 60) line += word() + " ";
    lines.push(line);
    n += line.length + 2;
  }
  return lines.join("\r\n");
};
const base64 = (bytes: number) => {
  const raw = new Uint8Array(bytes).map(() => Math.floor(rand() * 256));
  let s = "";
  for (let i = 0; i < raw.length; i += 8192) s += String.fromCharCode(...raw.subarray(i, i + 8192));
  return btoa(s).replace(/.{76}/g, "$&\r\n");
};

const HEADER = [
  "Return-Path: <sender@example.com>",
  "Received: from mx.example.com (mx.example.com [192.0.2.1]) by mail.example.net with ESMTPS id abc123 for <rcpt@example.net>; Mon, 1 Jan 2024 00:00:00 +0000",
  'From: "Sender Name" <sender@example.com>',
  "To: Recipient <rcpt@example.net>, other@example.net",
  "Cc: =?utf-8?q?J=C3=B6rg?= <j@example.org>",
  "Subject: =?utf-8?B?UXVhcnRlcmx5IHJlcG9ydCDinJM=?=",
  "Date: Mon, 1 Jan 2024 00:00:00 +0000",
  "Message-ID: <1234.5678@example.com>",
  "MIME-Version: 1.0",
].join("\r\n");

function bigMessage(): Uint8Array {
  const parts = [
    `Content-Type: multipart/alternative; boundary="alt"\r\n\r\n--alt\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${text(20_000)}\r\n--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html>${text(30_000)}</html>\r\n--alt--`,
    ...[1, 2, 3].map((i) => `Content-Type: application/pdf; name="file${i}.pdf"\r\nContent-Disposition: attachment; filename="file${i}.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64(230_000)}`),
  ];
  return enc.encode(`${HEADER}\r\nContent-Type: multipart/mixed; boundary="mixed"\r\n\r\n${parts.map((p) => `--mixed\r\n${p}\r\n`).join("")}--mixed--\r\n`);
}

function smallMessage(i: number): Uint8Array {
  switch (i % 3) {
    case 0:
      return enc.encode(`${HEADER}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${text(1500)}\r\n`);
    case 1:
      return enc.encode(`${HEADER}\r\nContent-Type: multipart/alternative; boundary=b${i}\r\n\r\n--b${i}\r\nContent-Type: text/plain\r\n\r\n${text(800)}\r\n--b${i}\r\nContent-Type: text/html\r\n\r\n<p>${text(1200)}</p>\r\n--b${i}--\r\n`);
    default:
      return enc.encode(`${HEADER}\r\nContent-Type: multipart/mixed; boundary=m${i}\r\n\r\n--m${i}\r\nContent-Type: text/plain\r\n\r\n${text(500)}\r\n--m${i}\r\nContent-Type: message/rfc822\r\n\r\n${HEADER}\r\n\r\n${text(700)}\r\n--m${i}--\r\n`);
  }
}

/** Runs `fn` repeatedly for at least `ms`, after a warm-up; returns runs and elapsed ms. */
function timed(fn: () => void, ms = 1500): { runs: number; elapsed: number } {
  for (let i = 0; i < 5; i++) fn();
  const t0 = performance.now();
  let runs = 0;
  while (performance.now() - t0 < ms) {
    fn();
    runs++;
  }
  return { runs, elapsed: performance.now() - t0 };
}

const big = bigMessage();
const parts = (p: { parts?: unknown[]; message?: { part: unknown } }): number => 1 + (p.parts ?? []).reduce<number>((n, c) => n + parts(c as never), 0) + (p.message ? parts(p.message.part as never) : 0);
const bigSummary = summarize(big);
const b1 = timed(() => summarize(big));
const b2 = timed(() => JSON.stringify(summarize(big)));
console.log(`${runtime}: 1 MB message (${(big.length / 1e6).toFixed(2)} MB, ${parts(bigSummary.part)} parts, 3 base64 attachments):`);
console.log(`  summarize            ${(b1.elapsed / b1.runs).toFixed(3)} ms/message  ${((big.length * b1.runs) / 1e6 / (b1.elapsed / 1000)).toFixed(0)} MB/s`);
console.log(`  summarize+stringify  ${(b2.elapsed / b2.runs).toFixed(3)} ms/message  (summary JSON ${JSON.stringify(bigSummary).length} bytes)`);

const small = Array.from({ length: 10_000 }, (_, i) => smallMessage(i));
const smallBytes = small.reduce((n, m) => n + m.length, 0);
const s1 = timed(() => {
  for (const m of small) summarize(m);
}, 3000);
const s2 = timed(() => {
  for (const m of small) JSON.stringify(summarize(m));
}, 3000);
const perRound = (t: { runs: number; elapsed: number }) => t.elapsed / t.runs;
const avgJson = small.slice(0, 300).reduce((n, m) => n + JSON.stringify(summarize(m)).length, 0) / 300;
console.log(`${runtime}: 10,000 small messages (avg ${(smallBytes / small.length / 1024).toFixed(1)} KiB; text, alternative, forwarded):`);
console.log(`  summarize            ${perRound(s1).toFixed(0)} ms for 10,000  ${((10_000 / perRound(s1)) * 1000).toFixed(0)} messages/s`);
console.log(`  summarize+stringify  ${perRound(s2).toFixed(0)} ms for 10,000  ${((10_000 / perRound(s2)) * 1000).toFixed(0)} messages/s  (summary JSON avg ${avgJson.toFixed(0)} bytes)`);

// Hostile shapes: the limits (MAX_PARTS, MAX_DEPTH) must keep these bounded.
const manyParts = enc.encode("Content-Type: multipart/mixed; boundary=b\r\n\r\n" + "--b\r\n\r\nx\r\n".repeat(100_000));
let nested = "";
for (let i = 0; i < 99; i++) nested += `Content-Type: multipart/mixed; boundary=boundary-of-level-${i}\r\n\r\n--boundary-of-level-${i}\r\n`;
const deep = enc.encode(nested + "\r\n" + "--not-a-boundary-line\r\n".repeat(45_000));
for (const [name, m] of [["100,000 delimiters (capped at 10,000 parts)", manyParts], ["99 open boundaries + 45,000 dash lines", deep]] as const) {
  const t = timed(() => summarize(m), 1000);
  console.log(`${runtime}: ${name}, ${(m.length / 1e6).toFixed(2)} MB: ${(t.elapsed / t.runs).toFixed(1)} ms/message`);
}
