import { test } from "node:test";
import assert from "node:assert/strict";
import { prefetch } from "../../../src/protocols/imap/commands/prefetch.ts";

test("prefetch yields in order, keeps at most 16 loads in flight, and fewer when they are big", async () => {
  let inFlight = 0;
  let peak = 0;
  const load = async (n: number) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    // Later items finish first: order must still be the input order.
    await new Promise((r) => setTimeout(r, (50 - n) % 7));
    inFlight--;
    return n * 10;
  };
  const items = Array.from({ length: 50 }, (_, i) => i);
  const out: [number, number][] = [];
  for await (const pair of prefetch(items, () => 1000, load)) out.push(pair);
  assert.deepEqual(out, items.map((n) => [n, n * 10]));
  assert.equal(peak, 16);

  peak = 0;
  const big: [number, number][] = [];
  for await (const pair of prefetch(items.slice(0, 10), () => 3 * 1024 * 1024, load)) big.push(pair);
  assert.equal(big.length, 10);
  assert.equal(peak, 1, "3 MiB messages are read one at a time (4 MiB window)");
});

test("prefetch: a failed load rejects when its turn comes; stopping early leaves no unhandled rejection", async () => {
  const load = async (n: number) => {
    if (n === 3) throw new Error("boom");
    return n;
  };
  const seen: number[] = [];
  await assert.rejects(async () => {
    for await (const [n] of prefetch([0, 1, 2, 3, 4, 5], () => 1, load)) seen.push(n);
  }, /boom/);
  assert.deepEqual(seen, [0, 1, 2]);
  for await (const [n] of prefetch([0, 1, 2, 3, 4, 5], () => 1, load)) if (n === 1) break;
  await new Promise((r) => setTimeout(r, 10));
});
