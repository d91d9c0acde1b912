import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { StatsRing } from "../../../src/http/admin/api/stats-ring.ts";
import { connectRaw } from "../../helpers/net.ts";
import { harness, type Harness } from "./harness.ts";

describe("stats ring", () => {
  test("per-minute differences of the counters, a restart (counter went down) counted from zero, old minutes dropped", () => {
    let now = Date.UTC(2026, 0, 1, 12, 0, 10);
    const ring = new StatsRing({ minutes: 3, now: () => now });
    const s = (accepted: number, refused: number, connections = 0) => [{ name: "imap", accepted, refused, connections }];
    ring.sample(s(5, 1));
    assert.deepEqual(ring.series("imap").at(-1), { accepted: 0, refused: 0, peakConnections: 0 }, "the first sample is the baseline");
    ring.sample(s(8, 1, 2));
    ring.sample(s(9, 3, 1));
    assert.deepEqual(ring.series("imap").at(-1), { accepted: 4, refused: 2, peakConnections: 2 });
    now += 60_000;
    ring.sample(s(2, 0, 0));
    assert.deepEqual(ring.series("imap").map((m) => m.accepted), [0, 4, 2], "restart: the new count is the difference");
    now += 120_000;
    ring.sample(s(3, 0));
    assert.deepEqual(ring.series("imap").map((m) => m.accepted), [2, 0, 1]);
    assert.equal(ring.window().length, 3);
    assert.equal(ring.window()[2], Math.floor(now / 60_000) * 60_000);
    assert.deepEqual(ring.series("nothing").map((m) => m.accepted), [0, 0, 0]);
  });
});

describe("admin API: stats", () => {
  let h: Harness;
  before(async () => {
    h = await harness({ start: ["pop3"] });
  });
  after(() => h.close());

  test("GET /api/stats: every service's status and live connections, and real connections counted in this minute", async () => {
    const first = await h.call("GET", "/api/stats?minutes=5");
    assert.equal(first.status, 200);
    assert.equal(first.body.minutes.length, 5);
    assert.equal(first.body.services.length, 14);
    const port = h.services.get("pop3").port;
    for (let i = 0; i < 3; i++) {
      const c = await connectRaw(port);
      await c.readUntil("\r\n");
      c.close();
    }
    await h.call("PATCH", "/api/services/pop3", { body: { access: { mode: "allow", ips: ["127.0.0.2"] } } });
    const c = await connectRaw(port);
    await c.readUntil("\r\n");
    c.close();
    const r = await h.call("GET", "/api/stats?minutes=5");
    const pop3 = r.body.services.find((s: { name: string }) => s.name === "pop3");
    assert.equal(pop3.status, "running");
    assert.equal(pop3.perMinute.accepted.length, 5);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    assert.equal(sum(pop3.perMinute.accepted), 3);
    assert.equal(sum(pop3.perMinute.refused), 1);
    const bad = await h.call("GET", "/api/stats?minutes=0");
    assert.equal(bad.status, 400);
    assert.equal(bad.body.issues[0].path, "minutes");
    assert.equal((await h.call("GET", "/api/stats", { token: null })).status, 401);
  });
});
