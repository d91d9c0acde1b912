/**
 * Password-hash candidates on this runtime: time for one hash, and the worst event-loop stall a
 * 5 ms interval timer sees while 10 logins hash at once (median and max of 3 rounds).
 * Run: node --import tsx bench/store-password.ts | deno run -A bench/store-password.ts | bun bench/store-password.ts
 */
import { pbkdf2, randomBytes, scrypt } from "node:crypto";
import { argon2id } from "hash-wasm";
import { hashPassword, ARGON2ID } from "../src/store/password.ts";
import { startPasswordWorkers, stopPasswordWorkers } from "../src/store/password-pool.ts";

type Hash = (pw: string) => Promise<unknown>;
const salt = () => new Uint8Array(randomBytes(16));
const { m, t, p } = ARGON2ID;

const candidates: [string, Hash, (() => Promise<void>)?][] = [
  ["argon2id main thread", (pw) => argon2id({ password: pw, salt: salt(), iterations: t, parallelism: p, memorySize: m, hashLength: 32, outputType: "encoded" })],
  ["argon2id worker x1", hashPassword, () => startPasswordWorkers(1)],
  ["argon2id worker x2", hashPassword, async () => { await stopPasswordWorkers(); await startPasswordWorkers(2); }],
  ["scrypt N=2^17 r=8", (pw) => new Promise((res, rej) => scrypt(pw, salt(), 32, { N: 1 << 17, r: 8, p: 1, maxmem: 256 << 20 }, (e, k) => (e ? rej(e) : res(k))))],
  ["scrypt N=2^15 r=8", (pw) => new Promise((res, rej) => scrypt(pw, salt(), 32, { N: 1 << 15, r: 8, p: 1, maxmem: 64 << 20 }, (e, k) => (e ? rej(e) : res(k))))],
  ["pbkdf2 node 600k", (pw) => new Promise((res, rej) => pbkdf2(pw, salt(), 600_000, 32, "sha256", (e, k) => (e ? rej(e) : res(k))))],
  ["pbkdf2 subtle 600k", async (pw) => {
    const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(pw), "PBKDF2", false, ["deriveBits"]);
    return crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: salt(), iterations: 600_000 }, key, 256);
  }],
];

async function stallDuring(work: () => Promise<unknown>): Promise<[number, number]> {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 5);
    last = now;
  }, 5);
  await new Promise((r) => setTimeout(r, 30));
  worst = 0;
  last = performance.now();
  const started = performance.now();
  await work();
  const took = performance.now() - started;
  await new Promise((r) => setTimeout(r, 10));
  clearInterval(timer);
  return [took, worst];
}

const runtime = (globalThis as { Bun?: unknown }).Bun ? "bun" : (globalThis as { Deno?: unknown }).Deno ? "deno" : "node";
console.log(`runtime ${runtime}`);
console.log("candidate              one hash   10 at once   worst stall (median / max of 3)");
const only = process.argv.slice(2);
for (const [name, hash, setup] of candidates) {
  if (only.length && !only.some((o) => name.includes(o))) continue;
  await setup?.();
  await hash("warm-up");
  const started = performance.now();
  for (let i = 0; i < 5; i++) await hash(`pw${i}`);
  const one = (performance.now() - started) / 5;
  const rounds: [number, number][] = [];
  for (let r = 0; r < 3; r++) rounds.push(await stallDuring(() => Promise.all(Array.from({ length: 10 }, (_, i) => hash(`login${i}`)))));
  const stalls = rounds.map((x) => x[1]).sort((a, b) => a - b);
  const total = rounds.map((x) => x[0]).sort((a, b) => a - b)[1];
  console.log(`${name.padEnd(22)} ${one.toFixed(0).padStart(5)} ms ${total.toFixed(0).padStart(8)} ms ${stalls[1].toFixed(1).padStart(10)} / ${stalls[2].toFixed(1)} ms`);
}
await stopPasswordWorkers();
