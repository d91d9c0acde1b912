import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { type Admission, Gate, type GateSettings, REFUSAL_MESSAGES, REFUSAL_REASONS, type Ticket } from "../../src/guard/gate.ts";
import * as mod from "../../src/guard/mod.ts";

function settings(over: {
  mode?: GateSettings["access"]["mode"];
  ips?: string[];
  maxConcurrent?: number;
  perIpPerMinute?: number;
  unlimited?: string[];
  maxClients?: number;
} = {}): GateSettings {
  return {
    access: { mode: over.mode ?? "uncontrolled", ips: over.ips ?? [] },
    limits: {
      maxConcurrent: over.maxConcurrent ?? 0,
      perIpPerMinute: over.perIpPerMinute ?? 0,
      unlimited: over.unlimited ?? [],
    },
    maxClients: over.maxClients ?? 1_000,
  };
}

function ok(a: Admission): Ticket {
  assert.equal(a.ok, true, a.ok ? "" : `refused: ${a.reason}`);
  return (a as Extract<Admission, { ok: true }>).ticket;
}

function refused(a: Admission, reason: string): void {
  assert.equal(a.ok, false, `expected a refusal for ${reason}`);
  if (!a.ok) {
    assert.equal(a.reason, reason);
    assert.equal(a.message, REFUSAL_MESSAGES[a.reason]);
  }
}

const clockless = { now: () => { throw new Error("tests pass time explicitly"); } };

describe("access step", () => {
  // [mode, ips, peer, admitted?]
  const TABLE: [GateSettings["access"]["mode"], string[], string, boolean][] = [
    ["uncontrolled", ["10.0.0.0/8"], "10.1.2.3", true],
    ["uncontrolled", ["10.0.0.0/8"], "192.0.2.1", true],
    ["deny", ["10.0.0.0/8"], "10.1.2.3", false],
    ["deny", ["10.0.0.0/8"], "::ffff:10.1.2.3", false],
    ["deny", ["10.0.0.0/8"], "192.0.2.1", true],
    ["allow", ["10.0.0.0/8"], "10.1.2.3", true],
    ["allow", ["10.0.0.0/8"], "::ffff:10.1.2.3", true],
    ["allow", ["10.0.0.0/8"], "192.0.2.1", false],
    ["allow", ["2001:db8::/32"], "[2001:db8::25]", true],
    ["allow", [], "127.0.0.1", false],
    ["deny", [], "", false],
    ["uncontrolled", [], "", true],
  ];
  for (const [mode, ips, peer, admitted] of TABLE) {
    test(`${mode} ${JSON.stringify(ips)}: ${JSON.stringify(peer)} -> ${admitted ? "admitted" : "refused"}`, () => {
      const gate = new Gate(settings({ mode, ips }), clockless);
      const a = gate.admit(peer, 0);
      if (admitted) ok(a);
      else refused(a, "access");
    });
  }

  test("access is checked before everything, even for unlimited addresses", () => {
    const gate = new Gate(settings({ mode: "deny", ips: ["10.0.0.1"], unlimited: ["10.0.0.1"] }), clockless);
    refused(gate.admit("10.0.0.1", 0), "access");
  });
});

describe("per-IP rate step", () => {
  test("limit 10: the 11th connection within 60 s from one address is refused", () => {
    const gate = new Gate(settings({ perIpPerMinute: 10 }), clockless);
    for (let i = 0; i < 10; i++) ok(gate.admit("192.0.2.1", i * 5_900)).release();
    refused(gate.admit("192.0.2.1", 59_999), "rate");
    ok(gate.admit("192.0.2.2", 59_999)); // another address is unaffected
    ok(gate.admit("192.0.2.1", 60_000)); // the first connection has left the window
  });

  test("the mapped and plain forms of one address share a window", () => {
    const gate = new Gate(settings({ perIpPerMinute: 2 }), clockless);
    ok(gate.admit("10.1.2.3", 0));
    ok(gate.admit("::ffff:10.1.2.3", 1));
    refused(gate.admit("10.1.2.3", 2), "rate");
    refused(gate.admit("[::ffff:a01:203]", 3), "rate");
  });

  test("connections refused by a later step do not use up the rate", () => {
    const gate = new Gate(settings({ perIpPerMinute: 2, maxConcurrent: 1 }), clockless);
    const t = ok(gate.admit("10.0.0.1", 0));
    for (let i = 1; i < 20; i++) refused(gate.admit("10.0.0.1", i), "concurrency");
    t.release();
    ok(gate.admit("10.0.0.1", 30)).release();
    refused(gate.admit("10.0.0.1", 31), "rate");
  });

  test("the gate's clock is used when no time is passed", () => {
    let now = 5_000;
    const gate = new Gate(settings({ perIpPerMinute: 1 }), { now: () => now });
    ok(gate.admit("10.0.0.1"));
    now += 59_999;
    refused(gate.admit("10.0.0.1"), "rate");
    now += 1;
    ok(gate.admit("10.0.0.1"));
  });
});

describe("concurrency step", () => {
  test("maxConcurrent 3: the 4th open connection is refused until one is released", () => {
    const gate = new Gate(settings({ maxConcurrent: 3 }), clockless);
    const tickets = ["10.0.0.1", "10.0.0.2", "10.0.0.1"].map((p) => ok(gate.admit(p, 0)));
    refused(gate.admit("10.0.0.3", 0), "concurrency");
    tickets[1]!.release();
    ok(gate.admit("10.0.0.3", 0));
    refused(gate.admit("10.0.0.4", 0), "concurrency");
  });

  test("rate is checked before concurrency", () => {
    const gate = new Gate(settings({ maxConcurrent: 1, perIpPerMinute: 1 }), clockless);
    ok(gate.admit("10.0.0.1", 0));
    refused(gate.admit("10.0.0.1", 1), "rate");
    refused(gate.admit("10.0.0.2", 1), "concurrency");
  });

  test("0 means no limit", () => {
    const gate = new Gate(settings({ maxConcurrent: 0, maxClients: 10_000 }), clockless);
    for (let i = 0; i < 5_000; i++) ok(gate.admit("10.0.0.1", 0));
    assert.equal(gate.live, 5_000);
  });
});

describe("unlimited list", () => {
  test("exempt from the rate limit", () => {
    const gate = new Gate(settings({ perIpPerMinute: 1, unlimited: ["127.0.0.1", "10.0.0.0/8"] }), clockless);
    for (let i = 0; i < 100; i++) ok(gate.admit(i % 2 ? "127.0.0.1" : "::ffff:10.9.9.9", i)).release();
    ok(gate.admit("192.0.2.1", 100));
    refused(gate.admit("192.0.2.1", 101), "rate");
  });

  test("exempt from maxConcurrent, and does not use up its budget", () => {
    const gate = new Gate(settings({ maxConcurrent: 2, unlimited: ["::1"] }), clockless);
    for (let i = 0; i < 10; i++) ok(gate.admit("::1", 0));
    ok(gate.admit("192.0.2.1", 0));
    ok(gate.admit("192.0.2.2", 0));
    refused(gate.admit("192.0.2.3", 0), "concurrency");
    ok(gate.admit("::1", 0));
    assert.equal(gate.live, 13);
  });

  test("not exempt from maxClients, which counts everyone", () => {
    const gate = new Gate(settings({ maxClients: 3, unlimited: ["127.0.0.1"] }), clockless);
    ok(gate.admit("127.0.0.1", 0));
    ok(gate.admit("127.0.0.1", 0));
    const t = ok(gate.admit("192.0.2.1", 0));
    refused(gate.admit("127.0.0.1", 0), "max-clients");
    refused(gate.admit("192.0.2.2", 0), "max-clients");
    t.release();
    ok(gate.admit("127.0.0.1", 0));
  });

  test("an unlimited address is still subject to the access list", () => {
    const gate = new Gate(settings({ mode: "allow", ips: ["10.0.0.0/8"], unlimited: ["192.0.2.1"] }), clockless);
    refused(gate.admit("192.0.2.1", 0), "access");
  });
});

describe("maxClients step", () => {
  test("the hard cap applies after the limits", () => {
    const gate = new Gate(settings({ maxClients: 2, maxConcurrent: 5 }), clockless);
    const a = ok(gate.admit("10.0.0.1", 0));
    ok(gate.admit("10.0.0.2", 0));
    refused(gate.admit("10.0.0.3", 0), "max-clients");
    a.release();
    ok(gate.admit("10.0.0.3", 0));
  });

  test("concurrency is reported before max-clients when both are reached", () => {
    const gate = new Gate(settings({ maxClients: 1, maxConcurrent: 1 }), clockless);
    ok(gate.admit("10.0.0.1", 0));
    refused(gate.admit("10.0.0.2", 0), "concurrency");
  });

  test("a connection refused for max-clients does not use up the rate", () => {
    const gate = new Gate(settings({ maxClients: 1, perIpPerMinute: 2 }), clockless);
    const t = ok(gate.admit("10.0.0.9", 0));
    for (let i = 0; i < 5; i++) refused(gate.admit("10.0.0.1", i), "max-clients");
    t.release();
    ok(gate.admit("10.0.0.1", 10)).release();
    ok(gate.admit("10.0.0.1", 11)).release();
    refused(gate.admit("10.0.0.1", 12), "rate");
  });
});

describe("tickets and counters", () => {
  test("release is idempotent", () => {
    const gate = new Gate(settings({ maxConcurrent: 2 }), clockless);
    const a = ok(gate.admit("10.0.0.1", 0));
    ok(gate.admit("10.0.0.2", 0));
    a.release();
    a.release();
    a.release();
    assert.equal(gate.live, 1);
    ok(gate.admit("10.0.0.3", 0));
    refused(gate.admit("10.0.0.4", 0), "concurrency");
  });

  test("counters: live, accepted and refused by reason", () => {
    const gate = new Gate(
      settings({ mode: "deny", ips: ["10.6.6.6"], perIpPerMinute: 1, maxConcurrent: 2, maxClients: 3, unlimited: ["127.0.0.1"] }),
      clockless,
    );
    assert.deepEqual(gate.counters, { live: 0, accepted: 0, refused: { access: 0, rate: 0, concurrency: 0, "max-clients": 0 } });
    refused(gate.admit("10.6.6.6", 0), "access");
    const a = ok(gate.admit("10.0.0.1", 0));
    refused(gate.admit("10.0.0.1", 1), "rate");
    ok(gate.admit("10.0.0.2", 2));
    refused(gate.admit("10.0.0.3", 3), "concurrency");
    ok(gate.admit("127.0.0.1", 4));
    refused(gate.admit("127.0.0.1", 5), "max-clients");
    a.release();
    a.release();
    assert.deepEqual(gate.counters, { live: 2, accepted: 3, refused: { access: 1, rate: 1, concurrency: 1, "max-clients": 1 } });
  });

  test("counters is a snapshot, not a live view", () => {
    const gate = new Gate(settings(), clockless);
    const snap = gate.counters;
    ok(gate.admit("10.0.0.1", 0));
    snap.refused.access = 99;
    assert.equal(snap.live, 0);
    assert.equal(gate.counters.refused.access, 0);
  });

  test("the admission names the canonical peer for logs", () => {
    const gate = new Gate(settings({ mode: "deny", ips: ["10.0.0.1"] }), clockless);
    assert.equal(gate.admit("::ffff:10.0.0.2", 0).peer, "10.0.0.2");
    assert.equal(gate.admit("[2001:DB8::1]", 0).peer, "2001:db8::1");
    assert.equal(gate.admit("::ffff:10.0.0.1", 0).peer, "10.0.0.1");
  });

  test("messages are short single ASCII lines that reveal nothing", () => {
    assert.deepEqual(Object.keys(REFUSAL_MESSAGES).sort(), [...REFUSAL_REASONS].sort());
    for (const m of Object.values(REFUSAL_MESSAGES)) {
      assert.match(m, /^[a-z][ -~]{5,70}$/);
      assert.doesNotMatch(m, /\d/);
    }
  });
});

describe("update()", () => {
  test("keeps live connections and their tickets across a change of limits", () => {
    const gate = new Gate(settings({ maxConcurrent: 5 }), clockless);
    const tickets = [1, 2, 3, 4].map((i) => ok(gate.admit(`10.0.0.${i}`, 0)));
    gate.update(settings({ maxConcurrent: 2 }));
    assert.equal(gate.live, 4);
    refused(gate.admit("10.0.0.9", 1), "concurrency");
    tickets[0]!.release();
    tickets[1]!.release();
    refused(gate.admit("10.0.0.9", 2), "concurrency");
    tickets[2]!.release();
    ok(gate.admit("10.0.0.9", 3));
    assert.equal(gate.counters.accepted, 5);
  });

  test("an access-list change applies to the very next connection", () => {
    const gate = new Gate(settings(), clockless);
    ok(gate.admit("10.0.0.1", 0));
    gate.update(settings({ mode: "deny", ips: ["10.0.0.0/8"] }));
    refused(gate.admit("10.0.0.1", 1), "access");
    gate.update(settings({ mode: "allow", ips: ["10.0.0.0/8"] }));
    ok(gate.admit("10.0.0.1", 2));
    ok(gate.admit("10.0.0.2", 2));
    refused(gate.admit("192.0.2.1", 2), "access");
  });

  test("keeps the rate history when the limit changes", () => {
    const gate = new Gate(settings({ perIpPerMinute: 10 }), clockless);
    for (let i = 0; i < 5; i++) ok(gate.admit("10.0.0.1", i)).release();
    gate.update(settings({ perIpPerMinute: 5 }));
    refused(gate.admit("10.0.0.1", 10), "rate");
    gate.update(settings({ perIpPerMinute: 6 }));
    ok(gate.admit("10.0.0.1", 11));
  });

  test("a ticket keeps its own exemption when the unlimited list changes", () => {
    const gate = new Gate(settings({ maxConcurrent: 1, unlimited: ["10.0.0.1"] }), clockless);
    const exempt = ok(gate.admit("10.0.0.1", 0)); // does not use the budget
    const limited = ok(gate.admit("10.0.0.2", 0)); // uses it
    gate.update(settings({ maxConcurrent: 1, unlimited: ["10.0.0.2"] }));
    exempt.release(); // must not free the limited budget
    refused(gate.admit("10.0.0.3", 0), "concurrency");
    limited.release();
    ok(gate.admit("10.0.0.3", 0));
  });

  test("an invalid update throws and leaves the gate as it was", () => {
    const gate = new Gate(settings({ mode: "deny", ips: ["10.0.0.1"], maxConcurrent: 1 }), clockless);
    const t = ok(gate.admit("10.0.0.2", 0));
    assert.throws(() => gate.update(settings({ mode: "allow", ips: ["10.0.0.1/8"] })), RangeError);
    assert.throws(() => gate.update(settings({ maxClients: 0 })), RangeError);
    assert.throws(() => gate.update(settings({ maxConcurrent: NaN })), RangeError);
    assert.throws(() => gate.update(settings({ perIpPerMinute: -1 })), RangeError);
    refused(gate.admit("10.0.0.1", 1), "access");
    refused(gate.admit("10.0.0.3", 1), "concurrency");
    t.release();
    ok(gate.admit("10.0.0.3", 1));
  });

  test("the constructor validates too", () => {
    assert.throws(() => new Gate(settings({ ips: ["bogus"] })), RangeError);
    assert.throws(() => new Gate(settings({ unlimited: ["10.0.0.0/33"] })), RangeError);
    assert.throws(() => new Gate(settings({ maxClients: 1.5 })), RangeError);
  });
});

describe("rate-tracking cap", () => {
  test("a scan from many addresses cannot grow the gate without bound", () => {
    const gate = new Gate(settings({ perIpPerMinute: 1, maxClients: 1 }), { ...clockless, maxTrackedIps: 50 });
    ok(gate.admit("192.0.2.1", 0)).release();
    refused(gate.admit("192.0.2.1", 1), "rate");
    for (let i = 0; i < 10_000; i++) ok(gate.admit(`10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, 2)).release();
    // 192.0.2.1 was the least recently counted and has been forgotten.
    ok(gate.admit("192.0.2.1", 3));
  });
});

test("mod.ts re-exports the public API", () => {
  for (const name of ["IpSet", "normalisePeer", "accessAllows", "RateLimiter", "Gate", "REFUSAL_MESSAGES", "REFUSAL_REASONS", "DEFAULT_MAX_TRACKED"]) {
    assert.ok(name in mod, name);
  }
});
