import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "drizzle-orm";
import { schema } from "../../src/store/mod.ts";
import { withStore } from "./helpers.ts";

test("writer: a failing job in a group commit rolls back alone", async () => {
  await withStore(async (store) => {
    const now = new Date();
    const jobs = ["a.test", "b.test", "a.test", "c.test"].map((name) => store.write((tx) => tx.insert(schema.domains).values({ name, createdAt: now })));
    const results = await Promise.allSettled(jobs);
    assert.deepEqual(results.map((r) => r.status), ["fulfilled", "fulfilled", "rejected", "fulfilled"]);
    assert.deepEqual((await store.domains.list()).map((d) => d.name), ["a.test", "b.test", "c.test"]);
  });
});

test("writer: concurrent writes share commits (fewer transactions than jobs)", async () => {
  await withStore(async (store) => {
    let commits = 0;
    const before = Number((await store.client.execute("PRAGMA data_version")).rows[0].data_version);
    void before;
    const original = store.db.transaction.bind(store.db);
    (store.db as { transaction: typeof original }).transaction = ((fn, cfg) => {
      commits++;
      return original(fn, cfg);
    }) as typeof original;
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.log.append({ level: "info", message: `m${i}` })));
    assert.equal((await store.log.query({ limit: 1000 })).length, 50);
    assert.ok(commits < 50, `50 writes took ${commits} commits`);
  });
});

test("writer: a job's error reaches its caller and later writes still work", async () => {
  await withStore(async (store) => {
    await assert.rejects(store.write(async (tx) => {
      await tx.run(sql`INSERT INTO counters (name, value) VALUES ('x', 1)`);
      throw new Error("boom");
    }), /boom/);
    const { rows } = await store.client.execute("SELECT count(*) AS n FROM counters WHERE name = 'x'");
    assert.equal(Number(rows[0].n), 0);
    await store.domains.add("after.test");
  });
});
