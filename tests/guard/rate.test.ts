import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_MAX_TRACKED, RateLimiter } from "../../src/guard/rate.ts";

const MIN = 60_000;

/** A fake clock the limiter reads by default. */
function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, set: (x: number) => void (t = x), add: (d: number) => void (t += d) };
}

describe("sliding window", () => {
  test("limit 10: ten within a minute pass, the 11th is refused", () => {
    const c = clock();
    const rl = new RateLimiter({ limit: 10, now: c.now });
    for (let i = 0; i < 10; i++) {
      assert.equal(rl.take("a"), true, `connection ${i + 1}`);
      c.add(5_000);
    }
    assert.equal(rl.take("a"), false, "11th at +50 s");
  });

  // [times of accepted connections (ms), time of the next attempt, allowed?, why]
  const TABLE: [number[], number, boolean, string][] = [
    [[0, 1, 2], 59_999, false, "first still counts 1 ms before it expires"],
    [[0, 1, 2], 60_000, true, "first expires exactly 60 s later"],
    [[0, 0, 0], 59_999, false, "a burst at one instant"],
    [[0, 0, 0], 60_000, true, "the whole burst expires together"],
    [[0, 30_000, 59_000], 60_000, true, "window slides one connection at a time"],
    [[0, 30_000, 59_000, 60_000], 89_999, false, "... and the second one still counts"],
    [[0, 30_000, 59_000, 60_000], 90_000, true, "... until it too expires"],
    [[59_000, 61_000, 62_000], 118_999, false, "straddling a minute boundary is still within 60 s"],
  ];
  for (const [times, attempt, allowed, why] of TABLE) {
    test(`limit 3, accepted at ${times}, attempt at ${attempt}: ${allowed} (${why})`, () => {
      const rl = new RateLimiter({ limit: 3, now: () => { throw new Error("time is passed per call"); } });
      for (const t of times) assert.equal(rl.take("k", t), true);
      assert.equal(rl.allows("k", attempt), allowed);
    });
  }

  test("after a refusal, one slot opens as each old connection leaves", () => {
    const rl = new RateLimiter({ limit: 2, now: () => 0 });
    assert.ok(rl.take("k", 0));
    assert.ok(rl.take("k", 10_000));
    assert.equal(rl.take("k", 20_000), false);
    assert.equal(rl.take("k", 60_000), true, "the t=0 one left");
    assert.equal(rl.take("k", 60_001), false, "t=10 000 and t=60 000 are in the window");
    assert.equal(rl.take("k", 70_000), true);
  });

  test("refused attempts do not count: hammering does not extend the lockout", () => {
    const rl = new RateLimiter({ limit: 1, now: () => 0 });
    assert.ok(rl.take("k", 0));
    for (let t = 1; t < MIN; t += 997) assert.equal(rl.take("k", t), false);
    assert.equal(rl.take("k", MIN), true);
  });

  test("allows() alone counts nothing", () => {
    const rl = new RateLimiter({ limit: 1, now: () => 0 });
    for (let i = 0; i < 100; i++) assert.equal(rl.allows("k", i), true);
    rl.record("k", 100);
    assert.equal(rl.allows("k", 101), false);
  });

  test("keys are independent", () => {
    const rl = new RateLimiter({ limit: 1, now: () => 0 });
    assert.ok(rl.take("10.0.0.1", 0));
    assert.equal(rl.take("10.0.0.1", 1), false);
    assert.ok(rl.take("10.0.0.2", 1));
  });

  test("a custom window", () => {
    const rl = new RateLimiter({ limit: 1, windowMs: 1_000, now: () => 0 });
    assert.ok(rl.take("k", 0));
    assert.equal(rl.take("k", 999), false);
    assert.ok(rl.take("k", 1_000));
  });

  test("limit 0 means no limit and tracks nothing", () => {
    const rl = new RateLimiter({ limit: 0, now: () => 0 });
    for (let i = 0; i < 1_000; i++) assert.ok(rl.take(`k${i % 3}`, 0));
    assert.equal(rl.tracked, 0);
  });

  test("the default clock is used when no time is passed", () => {
    const c = clock();
    const rl = new RateLimiter({ limit: 1, now: c.now });
    assert.ok(rl.take("k"));
    c.add(MIN - 1);
    assert.equal(rl.take("k"), false);
    c.add(1);
    assert.ok(rl.take("k"));
  });

  test("a clock stepping backwards never lets more through than the limit", () => {
    const rl = new RateLimiter({ limit: 2, now: () => 0 });
    assert.ok(rl.take("k", 50_000));
    assert.ok(rl.take("k", 10_000)); // clock stepped back 40 s
    assert.equal(rl.take("k", 10_001), false);
    assert.equal(rl.take("k", 109_999), false, "both count until 60 s after the later stamp");
    assert.ok(rl.take("k", 110_000));
  });
});

describe("setLimit", () => {
  test("lowering keeps the history: the new limit applies to what is already counted", () => {
    const rl = new RateLimiter({ limit: 10, now: () => 0 });
    for (let i = 0; i < 5; i++) assert.ok(rl.take("k", i));
    rl.setLimit(5);
    assert.equal(rl.allows("k", 10), false);
    rl.setLimit(6);
    assert.equal(rl.allows("k", 10), true);
  });

  test("0 forgets everything; limiting starts afresh when re-enabled", () => {
    const rl = new RateLimiter({ limit: 1, now: () => 0 });
    assert.ok(rl.take("k", 0));
    rl.setLimit(0);
    assert.equal(rl.tracked, 0);
    assert.ok(rl.take("k", 1));
    rl.setLimit(1);
    assert.ok(rl.take("k", 2));
    assert.equal(rl.take("k", 3), false);
  });

  test("rejects nonsense", () => {
    const rl = new RateLimiter({ limit: 1 });
    for (const bad of [-1, 1.5, NaN, Infinity]) assert.throws(() => rl.setLimit(bad), RangeError);
    for (const bad of [-1, 0.5, NaN]) assert.throws(() => new RateLimiter({ limit: bad }), RangeError);
    assert.throws(() => new RateLimiter({ limit: 1, maxTracked: 0 }), RangeError);
    assert.throws(() => new RateLimiter({ limit: 1, windowMs: 0 }), RangeError);
    assert.throws(() => new RateLimiter({ limit: 1, windowMs: NaN }), RangeError);
  });
});

describe("memory bounds", () => {
  test("a key busy for a day at exactly the allowed rate is never refused (history trimming and compaction)", () => {
    const rl = new RateLimiter({ limit: 3, now: () => 0 });
    // One connection every 20 s for a day: always allowed (3 per minute), never more than 3 kept.
    for (let t = 0; t < 86_400_000; t += 20_000) assert.ok(rl.take("k", t), `t=${t}`);
    assert.equal(rl.tracked, 1);
  });

  test("keys whose window has passed are dropped as the limiter is used", () => {
    const rl = new RateLimiter({ limit: 5, now: () => 0 });
    for (let i = 0; i < 1_000; i++) rl.record(`10.0.${i >> 8}.${i & 255}`, i);
    assert.equal(rl.tracked, 1_000);
    rl.record("fresh", 1_000 + MIN);
    assert.equal(rl.tracked, 1, "everyone else expired");
  });

  test("allows() on an expired key forgets it", () => {
    const rl = new RateLimiter({ limit: 5, now: () => 0 });
    rl.record("k", 0);
    assert.equal(rl.tracked, 1);
    assert.ok(rl.allows("k", MIN));
    assert.equal(rl.tracked, 0);
  });

  test("a scan from many addresses is capped; the least recently counted is evicted first", () => {
    const rl = new RateLimiter({ limit: 1, maxTracked: 100, now: () => 0 });
    rl.record("victim-old", 0);
    rl.record("victim-recent", 1);
    rl.record("victim-old", 2); // counted again: now the more recent of the two
    for (let i = 0; i < 99; i++) rl.record(`scan-${i}`, 3);
    assert.equal(rl.tracked, 100);
    // victim-recent (last counted at 1) went first; victim-old (last counted at 2) is kept.
    assert.equal(rl.allows("victim-recent", 4), true, "evicted, so it starts afresh");
    assert.equal(rl.allows("victim-old", 4), false, "still tracked and at its limit");
    for (let i = 0; i < 100_000; i++) rl.record(`scan2-${i}`, 5);
    assert.equal(rl.tracked, 100);
    // The newest 100 survive, in order: the oldest of them goes next.
    assert.equal(rl.allows("scan2-99900", 6), false);
    rl.record("one-more", 6);
    assert.equal(rl.allows("scan2-99900", 6), true);
    assert.equal(rl.allows("scan2-99901", 6), false);
  });

  test("re-counting a key moves it to the recent end, from any position", () => {
    const rl = new RateLimiter({ limit: 1, maxTracked: 3, now: () => 0 });
    for (const k of ["a", "b", "c"]) rl.record(k, 0);
    rl.record("b", 1); // middle -> newest: order a c b
    rl.record("b", 2); // newest -> newest
    rl.record("a", 3); // oldest -> newest: order c b a
    rl.record("d", 4); // evicts c
    assert.equal(rl.allows("c", 5), true);
    for (const k of ["a", "b", "d"]) assert.equal(rl.allows(k, 5), false, k);
    rl.record("e", 6); // evicts b
    assert.equal(rl.allows("b", 7), true);
    for (const k of ["a", "d", "e"]) assert.equal(rl.allows(k, 7), false, k);
  });

  test("clear() forgets everything and the limiter still works", () => {
    const rl = new RateLimiter({ limit: 1, maxTracked: 2, now: () => 0 });
    rl.record("a", 0);
    rl.record("b", 0);
    rl.clear();
    assert.equal(rl.tracked, 0);
    // Re-record in the opposite order: eviction must follow the new order, not the forgotten one.
    assert.ok(rl.take("b", 1));
    assert.ok(rl.take("a", 1));
    assert.ok(rl.take("c", 1));
    assert.equal(rl.tracked, 2);
    assert.equal(rl.allows("b", 2), true, "b was the oldest and was evicted");
    assert.equal(rl.allows("a", 2), false);
    assert.equal(rl.allows("c", 2), false);
  });

  test("the default cap", () => {
    assert.equal(DEFAULT_MAX_TRACKED, 65_536);
    const rl = new RateLimiter({ limit: 1, now: () => 0 });
    for (let i = 0; i < DEFAULT_MAX_TRACKED + 500; i++) rl.record(`k${i}`, 0);
    assert.equal(rl.tracked, DEFAULT_MAX_TRACKED);
  });
});
