import assert from "node:assert/strict";
import { test } from "node:test";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openStore, stopPasswordWorkers } from "../../src/store/mod.ts";
import { migrations } from "../../src/store/migrations.ts";
import { tempDir, text } from "./helpers.ts";

const CHILD = fileURLToPath(new URL("./crash-child.ts", import.meta.url));

/** The same runtime as the test, running a TypeScript file. */
function command(args: string[]): [string, string[]] {
  const g = globalThis as Record<string, unknown>;
  if (g.Deno) return [process.execPath, ["run", "-A", CHILD, ...args]];
  if (g.Bun) return [process.execPath, [CHILD, ...args]];
  return [process.execPath, ["--import", "tsx", CHILD, ...args]];
}

/** Starts the child; `until` resolves once `enough(lines)` holds, then the child gets SIGKILL. */
function runChild(args: string[], enough: (lines: string[]) => boolean, killAtEnough: boolean): Promise<{ lines: string[]; signal: string | null; code: number | null; stderr: string }> {
  const [cmd, argv] = command(args);
  const child = spawn(cmd, argv, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
  const lines: string[] = [];
  let partial = "";
  let stderr = "";
  let killed = false;
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  child.stderr!.on("data", (c) => (stderr += c));
  child.stdout!.on("data", (c) => {
    const parts = (partial + c).split("\n");
    partial = parts.pop()!;
    // Lines are only counted once complete: a torn last line is not an acknowledgement.
    lines.push(...parts);
    if (!killed && killAtEnough && enough(lines)) {
      killed = true;
      child.kill("SIGKILL");
    }
  });
  return new Promise((resolve) => child.on("close", (code, signal) => {
    clearTimeout(timer);
    resolve({ lines, signal, code, stderr });
  }));
}

for (const blobs of ["database", "files"] as const) {
  test(`crash (${blobs} blobs): every acknowledged append survives SIGKILL mid-burst`, async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const url = `file:${join(dir, "wrenmail.db")}`;
      let store = await openStore({ url, dataDir: dir, blobs });
      await store.domains.add("example.test");
      const acct = await store.accounts.add({ address: "crash@example.test", password: "pw" });
      const inbox = (await store.mailboxes.get(acct.id, "INBOX"))!;
      await store.close();

      const run = await runChild(["append", dir, blobs, String(inbox.id)], (l) => l.filter((x) => x.startsWith("ack ")).length >= 150, true);
      assert.equal(run.signal, "SIGKILL", `child ended on its own: ${run.code} ${run.stderr}`);
      const acks = run.lines.filter((l) => l.startsWith("ack ")).map((l) => l.split(" ").map(Number)).map(([, n, uid]) => ({ n, uid }));
      assert.ok(acks.length >= 150);

      store = await openStore({ url, dataDir: dir, blobs });
      try {
        const check = await store.client.execute("PRAGMA integrity_check");
        assert.equal(String(Object.values(check.rows[0])[0]), "ok");
        const byUid = new Map((await store.messages.list(inbox.id)).map((m) => [m.uid, m]));
        for (const { n, uid } of acks) {
          const m = byUid.get(uid);
          assert.ok(m, `acknowledged message ${n} (uid ${uid}) is missing`);
          const body = text(await store.blobs.get(m.blobId));
          assert.ok(body?.startsWith(`Subject: crash ${n}\r\n`), `uid ${uid} holds the wrong body`);
          assert.equal(body!.length, m.size);
        }
        const box = (await store.mailboxes.get(acct.id, "INBOX"))!;
        assert.ok(box.uidNext > Math.max(...byUid.keys()), "UIDNEXT is past every stored UID");
        const used = [...byUid.values()].reduce((s, m) => s + m.size, 0);
        assert.equal((await store.accounts.get("crash@example.test"))?.usedBytes, used, "used bytes match the stored messages");
        const next = await store.messages.append({ mailboxId: inbox.id, blob: new TextEncoder().encode("after") });
        assert.equal(next.uid, box.uidNext, "appends carry on after the crash");
      } finally {
        await store.close();
      }
    } finally {
      await stopPasswordWorkers();
      await cleanup();
    }
  });
}

test("several processes opening one new database at once migrate it exactly once", async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const runs = await Promise.all([1, 2, 3].map(() => runChild(["open", dir], () => false, false)));
    for (const r of runs) assert.deepEqual(r.lines, ["opened"], r.stderr);
    const store = await openStore({ url: `file:${join(dir, "wrenmail.db")}`, dataDir: dir });
    const { rows } = await store.client.execute("SELECT version FROM schema_migrations ORDER BY version");
    assert.deepEqual(rows.map((r) => Number(r.version)), migrations.map((m) => m.version));
    await store.close();
  } finally {
    await cleanup();
  }
});
