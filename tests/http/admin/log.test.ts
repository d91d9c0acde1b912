import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { harness, type Harness } from "./harness.ts";

describe("admin API: system log", () => {
  let h: Harness;
  before(async () => {
    h = await harness();
  });
  after(() => h.close());

  test("GET /api/log filters by service, level, time and limit; newest first; includes fresh entries", async () => {
    h.log.info("smtp", "one");
    h.log.warn("smtp", "two", { peer: "192.0.2.1" });
    h.log.error("imap", "three");
    // No flush here: the endpoint must see entries still on their way to the store.
    let r = await h.call("GET", "/api/log?service=smtp");
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.entries.map((e: { message: string }) => e.message), ["two", "one"]);
    assert.deepEqual(r.body.entries[0].fields, { peer: "192.0.2.1" });
    assert.equal(r.body.entries[0].level, "warn");
    assert.ok(!Number.isNaN(Date.parse(r.body.entries[0].time)));
    r = await h.call("GET", "/api/log?level=warn&limit=2");
    assert.deepEqual(r.body.entries.map((e: { message: string }) => e.message), ["three", "two"]);
    r = await h.call("GET", "/api/log?until=2000-01-01T00:00:00Z");
    assert.deepEqual(r.body.entries, []);
    r = await h.call("GET", `/api/log?service=imap&since=${encodeURIComponent(new Date(Date.now() - 60_000).toISOString())}`);
    assert.deepEqual(r.body.entries.map((e: { message: string }) => e.message), ["three"]);
  });

  const BAD: [string, string[]][] = [
    ["level=loud", ["level"]],
    ["service=gopher", ["service"]],
    ["limit=0", ["limit"]],
    ["limit=abc&since=yesterday", ["limit", "since"]],
    ["limit=10001", ["limit"]],
    ["until=2024-13-45", ["until"]],
    ["sevice=smtp", ["sevice"]],
  ];
  for (const [query, paths] of BAD) {
    test(`GET /api/log?${query} → 400 naming ${paths.join(", ")}`, async () => {
      const r = await h.call("GET", `/api/log?${query}`);
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.deepEqual(r.body.issues.map((i: { path: string }) => i.path).sort(), paths);
    });
  }
});
