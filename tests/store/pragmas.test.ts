import assert from "node:assert/strict";
import { test } from "node:test";
import { join } from "node:path";
import { openStore } from "../../src/store/mod.ts";
import { tempDir, withStore } from "./helpers.ts";

test("a file store runs WAL, synchronous=FULL, foreign_keys=ON and the busy timeout", async () => {
  await withStore(async (store) => {
    assert.deepEqual(await store.durability(), { journalMode: "wal", synchronous: 2, foreignKeys: true, busyTimeoutMs: 5000 });
  });
});

test("connections the client pools later have the same settings", async () => {
  await withStore(async (store) => {
    // Two open transactions hold two connections, so the third query needs a new one.
    const a = await store.client.transaction("read");
    const b = await store.client.transaction("read");
    try {
      for (const tx of [a, b]) {
        assert.equal(Number(Object.values((await tx.execute("PRAGMA synchronous")).rows[0])[0]), 2);
        assert.equal(Number(Object.values((await tx.execute("PRAGMA foreign_keys")).rows[0])[0]), 1);
      }
      assert.deepEqual(await store.durability(), { journalMode: "wal", synchronous: 2, foreignKeys: true, busyTimeoutMs: 1234 });
    } finally {
      a.close();
      b.close();
    }
  }, { busyTimeoutMs: 1234 });
});

test("foreign keys are enforced", async () => {
  await withStore(async (store) => {
    await assert.rejects(store.client.execute("INSERT INTO mailboxes (account_id, name, uid_validity, created_at) VALUES (999, 'X', 1, 0)"), /FOREIGN KEY/);
  });
});

test("WAL mode persists in the file and the data dir is created", async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const data = join(dir, "nested", "data");
    const url = `file:${join(data, "db", "wrenmail.db")}`;
    let store = await openStore({ url, dataDir: data });
    await store.domains.add("example.test");
    await store.close();
    store = await openStore({ url, dataDir: data });
    assert.equal((await store.durability()).journalMode, "wal");
    assert.equal((await store.domains.list()).length, 1);
    await store.close();
  } finally {
    await cleanup();
  }
});

test("unsupported URLs are refused", async () => {
  const { dir, cleanup } = await tempDir();
  try {
    await assert.rejects(openStore({ url: "postgres://x", dataDir: dir }), { code: "invalid" });
    await assert.rejects(openStore({ url: "file::memory:", dataDir: dir }), { code: "invalid" });
  } finally {
    await cleanup();
  }
});
