import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  formatSet,
  inSet,
  MAX_NUMBER,
  parseSequenceSet,
  savedSet,
  select,
  type SequenceSet,
} from "../../../src/protocols/imap/sequence.ts";
import { rng } from "../../helpers/random.ts";

describe("parseSequenceSet", () => {
  const good: [string, SequenceSet][] = [
    ["1", { ranges: [[1, 1]] }],
    ["*", { ranges: [["*", "*"]] }],
    ["1:*", { ranges: [[1, "*"]] }],
    ["*:4", { ranges: [["*", 4]] }],
    ["4:2", { ranges: [[4, 2]] }],
    ["1:3,5,7:*", { ranges: [[1, 3], [5, 5], [7, "*"]] }],
    ["2,4:7,9,12:*", { ranges: [[2, 2], [4, 7], [9, 9], [12, "*"]] }],
    ["4294967295", { ranges: [[MAX_NUMBER, MAX_NUMBER]] }],
    ["$", { ranges: [], saved: true }],
  ];
  for (const [text, want] of good) test(`accepts ${text}`, () => assert.deepEqual(parseSequenceSet(text), want));

  const bad = ["", "0", "0:5", "01", "1:", ":1", "1,", ",1", "1,,2", "1 2", " 1", "1:2:3", "a", "1a", "**", "4294967296",
    "99999999999999999999", "$,1", "1,$", "$$", "1:$", "-1", "+1", "1.5"];
  for (const text of bad) test(`refuses ${JSON.stringify(text)}`, () => assert.equal(parseSequenceSet(text), null));
});

describe("inSet", () => {
  const s = parseSequenceSet("2:4,7,10:*")!;
  test("members and non-members", () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].filter((n) => inSet(s, n, 12)), [2, 3, 4, 7, 10, 11, 12]);
  });
  test("* is max", () => {
    const star = parseSequenceSet("*")!;
    assert.equal(inSet(star, 9, 9), true);
    assert.equal(inSet(star, 8, 9), false);
  });
  test("n:* above max still names max (RFC 9051 6.4.9)", () => {
    const set = parseSequenceSet("100:*")!;
    assert.equal(inSet(set, 50, 50), true);
    assert.equal(inSet(set, 49, 50), false);
    assert.equal(inSet(set, 100, 50), true);
    assert.equal(inSet(set, 101, 50), false);
  });
  test("reversed range", () => assert.equal(inSet(parseSequenceSet("5:3")!, 4, 10), true));
  test("empty mailbox: max 0", () => assert.equal(inSet(parseSequenceSet("1:*")!, 1, 0), true));
  test("unresolved $ contains nothing; savedSet resolves it", () => {
    assert.equal(inSet(parseSequenceSet("$")!, 1, 5), false);
    const r = savedSet([9, 3, 4, 5, 3]);
    assert.deepEqual(r.ranges, [[3, 5], [9, 9]]);
    assert.equal(inSet(r, 4, 10), true);
    assert.equal(inSet(r, 6, 10), false);
  });
});

describe("select", () => {
  test("from UIDs with gaps", () => {
    const uids = [3, 5, 8, 9, 20, 21];
    assert.deepEqual(select(parseSequenceSet("1:*")!, uids, 21), uids);
    assert.deepEqual(select(parseSequenceSet("4:9")!, uids, 21), [5, 8, 9]);
    assert.deepEqual(select(parseSequenceSet("*")!, uids, 21), [21]);
    assert.deepEqual(select(parseSequenceSet("100:*")!, uids, 21), [21]);
    assert.deepEqual(select(parseSequenceSet("21,3,9:5,5,1:3")!, uids, 21), [3, 5, 8, 9, 21]);
    assert.deepEqual(select(parseSequenceSet("10:19")!, uids, 21), []);
  });
  test("empty mailbox", () => assert.deepEqual(select(parseSequenceSet("1:*")!, [], 0), []));

  // Property: select agrees with a naive filter over inSet, and with a literal reading of the ranges.
  test("agrees with a naive implementation on 3000 random sets", () => {
    const seed = 0x5e7;
    const r = rng(seed);
    const int = (n: number) => Math.floor(r() * n);
    for (let round = 0; round < 3000; round++) {
      const size = int(40);
      const numbers: number[] = [];
      let u = 0;
      for (let k = 0; k < size; k++) numbers.push((u += 1 + int(4)));
      const max = numbers.length ? numbers[numbers.length - 1] : 0;
      const items: string[] = [];
      const nItems = 1 + int(5);
      const end = () => (r() < 0.15 ? "*" : String(1 + int(max + 10)));
      for (let k = 0; k < nItems; k++) items.push(r() < 0.5 ? end() : `${end()}:${end()}`);
      const text = items.join(",");
      const set = parseSequenceSet(text);
      assert.ok(set, text);
      const naive = numbers.filter((n) =>
        items.some((it) => {
          const [a, b = a] = it.split(":").map((x) => (x === "*" ? max : Number(x)));
          return n >= Math.min(a, b) && n <= Math.max(a, b);
        })
      );
      assert.deepEqual(select(set, numbers, max), naive, `seed ${seed} round ${round}: ${text} over ${numbers}`);
      assert.deepEqual(numbers.filter((n) => inSet(set, n, max)), naive, `inSet, round ${round}: ${text}`);
      // formatSet round-trips through the parser.
      const formatted = formatSet(naive);
      if (naive.length) assert.deepEqual(select(parseSequenceSet(formatted)!, numbers, max), naive, formatted);
    }
  });

  test("a large mailbox and a long client list", () => {
    const uids = Array.from({ length: 200_000 }, (_, i) => i * 2 + 1);
    const set = parseSequenceSet(Array.from({ length: 5000 }, (_, i) => String(i * 7 + 1)).join(","))!;
    const got = select(set, uids, uids[uids.length - 1]);
    assert.equal(got.length, Array.from({ length: 5000 }, (_, i) => i * 7 + 1).filter((n) => n % 2 === 1).length);
    assert.equal(select(parseSequenceSet("1:*")!, uids, uids[uids.length - 1]).length, 200_000);
  });
});

describe("formatSet", () => {
  const cases: [number[], string][] = [
    [[], ""],
    [[1], "1"],
    [[1, 2, 3, 5], "1:3,5"],
    [[1, 3, 5], "1,3,5"],
    [[4, 5, 6, 7], "4:7"],
    [[1, 2, 2, 3, 9, 10], "1:3,9:10"],
  ];
  for (const [nums, want] of cases) test(`${JSON.stringify(nums)} → ${want}`, () => assert.equal(formatSet(nums), want));
});
