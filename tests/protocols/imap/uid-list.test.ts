import { test } from "node:test";
import assert from "node:assert/strict";
import { parseSequenceSet, select } from "../../../src/protocols/imap/sequence.ts";
import { UidList } from "../../../src/protocols/imap/uid-list.ts";
import { rng } from "../../helpers/random.ts";

test("UidList: runs of consecutive UIDs; seq <-> UID; push; remove reports seqs highest first", () => {
  const l = new UidList([1, 2, 3, 7, 8, 20]);
  assert.equal(l.length, 6);
  assert.equal(l.runs, 3);
  assert.equal(l.max, 20);
  assert.deepEqual([1, 2, 3, 4, 5, 6].map((s) => l.at(s)), [1, 2, 3, 7, 8, 20]);
  assert.deepEqual([1, 3, 4, 7, 8, 20, 21].map((u) => l.seqOf(u)), [1, 3, 0, 4, 5, 6, 0]);
  l.push(21);
  assert.equal(l.runs, 3);
  assert.throws(() => l.push(21), RangeError);
  assert.deepEqual(l.remove([2, 8, 99, 2]), [5, 2]);
  assert.deepEqual([...l], [1, 3, 7, 20, 21]);
  assert.throws(() => l.at(6), RangeError);
  assert.deepEqual(l.selectUids(parseSequenceSet("2:7,21:*")!), [3, 7, 21]);
  const out: number[] = [];
  l.uidsOfSeqRange(2, 4, out);
  assert.deepEqual(out, [3, 7, 20]);
  assert.equal(new UidList(Array.from({ length: 100_000 }, (_, i) => i + 1)).runs, 1);
});

test("UidList against a plain sorted array: random pushes, removals, lookups and set selections", () => {
  for (let seed = 1; seed <= 40; seed++) {
    const r = rng(seed);
    const ref: number[] = [];
    const l = new UidList();
    let next = 1;
    for (let step = 0; step < 300; step++) {
      const op = r();
      if (op < 0.5) {
        next += r() < 0.8 ? 1 : 1 + Math.floor(r() * 5);
        ref.push(next);
        l.push(next);
      } else if (op < 0.7 && ref.length) {
        const doomed = ref.filter(() => r() < 0.1);
        const expectSeqs = doomed.map((u) => ref.indexOf(u) + 1).reverse();
        assert.deepEqual(l.remove(doomed), expectSeqs, `seed ${seed} step ${step}`);
        for (const u of doomed) ref.splice(ref.indexOf(u), 1);
      } else {
        const a = 1 + Math.floor(r() * (next + 2));
        const b = r() < 0.2 ? "*" : String(1 + Math.floor(r() * (next + 2)));
        const set = parseSequenceSet(`${a}:${b}`)!;
        assert.deepEqual(l.selectUids(set), select(set, ref, ref.at(-1) ?? 0), `seed ${seed} ${a}:${b}`);
      }
      assert.equal(l.length, ref.length);
      assert.deepEqual([...l], ref);
      for (let i = 0; i < ref.length; i++) {
        assert.equal(l.at(i + 1), ref[i]);
        assert.equal(l.seqOf(ref[i]!), i + 1);
      }
      if (ref.length) {
        const lo = 1 + Math.floor(r() * ref.length);
        const hi = lo + Math.floor(r() * 5);
        const out: number[] = [];
        l.uidsOfSeqRange(lo, hi, out);
        assert.deepEqual(out, ref.slice(lo - 1, hi));
      }
    }
  }
});
