import assert from "node:assert/strict";
import { test } from "node:test";
import { checkUids, MAX_UID, uidChunks } from "../../src/store/uid-set.ts";

test("uid-set: checkUids sorts, drops duplicates and refuses what is not a UID", () => {
  assert.deepEqual(checkUids([5, 1, 3, 1, 5]), [1, 3, 5]);
  assert.deepEqual(checkUids([]), []);
  assert.deepEqual(checkUids([MAX_UID]), [MAX_UID]);
  for (const bad of [0, -1, 1.5, MAX_UID + 1, NaN, "1"]) {
    assert.throws(() => checkUids([bad as number]), (e: { code?: string }) => e.code === "invalid", String(bad));
  }
});

test("uid-set: long runs become one range, the rest IN lists of at most 500, in ascending order", () => {
  const uids = [1, 2, 3, ...Array.from({ length: 100 }, (_, i) => 10 + i), 200, ...Array.from({ length: 1200 }, (_, i) => 1000 + 2 * i)];
  const chunks = uidChunks(uids);
  assert.deepEqual(chunks.map((c) => c.uids.length), [3, 100, 1 + 499, 500, 201]);
  assert.deepEqual(chunks.flatMap((c) => c.uids), uids, "every UID once, in order");
  const big = uidChunks(Array.from({ length: 100_000 }, (_, i) => i + 1));
  assert.equal(big.length, 1, "1:100000 is one range");
  assert.deepEqual(uidChunks([]), []);
});
