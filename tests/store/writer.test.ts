import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "drizzle-orm";
import { schema, type Tx } from "../../src/store/mod.ts";
import { afterCommit, Writer } from "../../src/store/writer.ts";
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

test("writer: afterCommit runs after COMMIT for the jobs that committed, never for one that rolled back", async () => {
  await withStore(async (store) => {
    const now = new Date();
    const seen: string[] = [];
    // What a callback sees through another connection tells whether the commit really happened.
    const visible = async (name: string) => (await store.client.execute({ sql: "SELECT count(*) AS n FROM domains WHERE name = ?", args: [name] })).rows[0].n;
    const checks: Promise<unknown>[] = [];
    const job = (name: string, fail = false) => store.write(async (tx) => {
      await tx.insert(schema.domains).values({ name, createdAt: now });
      afterCommit(tx, () => {
        seen.push(name);
        checks.push(visible(name).then((n) => assert.equal(Number(n), 1, `${name} is committed when its callback runs`)));
      });
      if (fail) throw new Error(`${name} fails`);
      return name;
    });
    // The first job runs alone; the next four queue behind it and share one transaction.
    const results = await Promise.allSettled([job("first.test"), job("a.test"), job("b.test", true), job("c.test"), job("a.test")]);
    assert.deepEqual(results.map((r) => r.status), ["fulfilled", "fulfilled", "rejected", "fulfilled", "rejected"]);
    assert.deepEqual(seen, ["first.test", "a.test", "c.test"]);
    await Promise.all(checks);
  });
});

test("writer: a rolled-back savepoint inside a job drops its callbacks; a released one keeps them", async () => {
  await withStore(async (store) => {
    const seen: string[] = [];
    await store.write(async (tx) => {
      afterCommit(tx, () => void seen.push("outer"));
      await tx.transaction(async (sp) => {
        afterCommit(sp, () => void seen.push("kept"));
      });
      await tx.transaction(async (sp) => {
        afterCommit(sp, () => void seen.push("dropped"));
        throw new Error("undo");
      }).catch(() => {});
    });
    assert.deepEqual(seen, ["outer", "kept"]);
    assert.throws(() => afterCommit(store.db as unknown as Tx, () => {}), /not handed out by the store's Writer/);
  });
});

test("writer: a whole batch that fails publishes nothing; a throwing callback does not undo a committed write", async () => {
  await withStore(async (store) => {
    const seen: string[] = [];
    await assert.rejects(store.write(async (tx) => {
      afterCommit(tx, () => void seen.push("lone"));
      throw new Error("boom");
    }), /boom/);
    // A Writer of our own, to hear what it reports instead of the default console line.
    const errors: unknown[] = [];
    const writer = new Writer(store.db, 64, (e) => errors.push(e));
    const value = await writer.run(async (tx) => {
      await tx.insert(schema.counters).values({ name: "kept", value: 1 });
      afterCommit(tx, () => {
        throw new Error("listener bug");
      });
      afterCommit(tx, async () => void seen.push("async"));
      return 42;
    });
    assert.equal(value, 42);
    assert.deepEqual(seen, ["async"]);
    assert.match(String(errors[0]), /listener bug/);
    const { rows } = await store.client.execute("SELECT value FROM counters WHERE name = 'kept'");
    assert.equal(Number(rows[0].value), 1);
  });
});
