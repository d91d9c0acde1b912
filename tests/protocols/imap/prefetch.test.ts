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

test("groups: at most 250 items and 1 MiB each, a bigger item alone, order kept", async () => {
  const { groups } = await import("../../../src/protocols/imap/commands/prefetch.ts");
  const sizes = [...Array.from({ length: 600 }, () => 10), 3 * 1024 * 1024, 400 * 1024, 400 * 1024, 400 * 1024, 5];
  const g = groups(sizes.map((size, i) => ({ i, size })), (t) => t.size);
  assert.deepEqual(g.map((x) => x.length), [250, 250, 100, 1, 2, 2]);
  assert.deepEqual(g.flat().map((t) => t.i), sizes.map((_, i) => i));
  assert.deepEqual(groups([], () => 1), []);
});

test("prefetchGroups: one load per group, results item by item in order; a wrong result count is an error", async () => {
  const { prefetchGroups } = await import("../../../src/protocols/imap/commands/prefetch.ts");
  const loads: number[][] = [];
  const items = Array.from({ length: 600 }, (_, i) => i);
  const out: [number, string][] = [];
  for await (const pair of prefetchGroups(items, () => 1, async (group) => {
    loads.push(group);
    return group.map((n) => `r${n}`);
  })) out.push(pair);
  assert.deepEqual(out, items.map((n) => [n, `r${n}`]));
  assert.deepEqual(loads.map((l) => l.length), [250, 250, 100]);
  await assert.rejects(async () => {
    for await (const _ of prefetchGroups([1, 2, 3], () => 1, async (group) => group.slice(1))) { /* drain */ }
  }, /2 results for 3 items/);
});
