import assert from "node:assert/strict";
import { test } from "node:test";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { getTableConfig, type SQLiteTable } from "drizzle-orm/sqlite-core";
import { openStore, schema } from "../../src/store/mod.ts";
import { migrate, migrations } from "../../src/store/migrations.ts";
import { tempDir, withStore } from "./helpers.ts";

test("migrations apply once and re-opening is idempotent", async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const url = `file:${join(dir, "wrenmail.db")}`;
    let store = await openStore({ url, dataDir: dir });
    await store.domains.add("example.test");
    const first = await store.client.execute("SELECT version, name FROM schema_migrations ORDER BY version");
    assert.deepEqual(first.rows.map((r) => Number(r.version)), migrations.map((m) => m.version));
    assert.deepEqual(await migrate(store.client), []);
    await store.close();
    store = await openStore({ url, dataDir: dir });
    const again = await store.client.execute("SELECT count(*) AS n FROM schema_migrations");
    assert.equal(Number(again.rows[0].n), migrations.length);
    assert.equal((await store.domains.list()).length, 1, "data survives re-open");
    await store.close();
  } finally {
    await cleanup();
  }
});

// Concurrent migration from several processes is in crash.test.ts (it needs real processes: in one
// process two synchronous libSQL connections would wait on each other's lock on the same thread).

test("a failing migration rolls back whole and is not recorded", async () => {
  const { dir, cleanup } = await tempDir();
  const client = createClient({ url: `file:${join(dir, "bad.db")}` });
  try {
    const bad = [{ version: 1, name: "half", statements: ["CREATE TABLE t1 (x)", "CREATE TABLE oops ("] }];
    await assert.rejects(migrate(client, bad), /migration 1 \(half\) failed/);
    const t = await client.execute("SELECT name FROM sqlite_master WHERE name = 't1'");
    assert.equal(t.rows.length, 0);
    const m = await client.execute("SELECT count(*) AS n FROM schema_migrations");
    assert.equal(Number(m.rows[0].n), 0);
  } finally {
    client.close();
    await cleanup();
  }
});

test("schema.ts describes exactly the tables and columns the migrations create", async () => {
  await withStore(async (store) => {
    const tables = (Object.values(schema) as unknown[]).filter((v): v is SQLiteTable => typeof v === "object" && v !== null && Symbol.for("drizzle:IsDrizzleTable") in v);
    assert.ok(tables.length >= 12);
    const inDb = await store.client.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'schema_migrations' ORDER BY name");
    assert.deepEqual(inDb.rows.map((r) => String(r.name)), tables.map((t) => getTableConfig(t).name).sort());
    for (const t of tables) {
      const cfg = getTableConfig(t);
      const info = await store.client.execute(`PRAGMA table_info(${cfg.name})`);
      const dbCols = info.rows.map((r) => [String(r.name), Number(r.notnull) === 1 || Number(r.pk) > 0]).sort();
      const tsCols = cfg.columns.map((c) => [c.name, c.notNull]).sort();
      assert.deepEqual(dbCols, tsCols, `table ${cfg.name}`);
      for (const idx of cfg.indexes) {
        const found = await store.client.execute({ sql: "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", args: [idx.config.name] });
        assert.equal(found.rows.length, 1, `index ${idx.config.name}`);
      }
    }
  });
});
