/**
 * Durable message appends per second: database vs file blobs, one writer vs 8 concurrent writers,
 * with group commit (default) and without (writeBatch 1). Each append resolves after its commit.
 * Run: node --import tsx bench/store-append.ts [seconds] | deno run -A bench/store-append.ts | bun bench/store-append.ts
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore, stopPasswordWorkers, type BlobStoreKind } from "../src/store/mod.ts";

const seconds = Number(process.argv[2] ?? 3);
const body = new TextEncoder().encode(`Subject: bench\r\n\r\n${"x".repeat(4000)}\r\n`);

async function run(blobs: BlobStoreKind, writers: number, writeBatch: number): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), "wrenmail-bench-"));
  const store = await openStore({ url: `file:${join(dir, "wrenmail.db")}`, dataDir: dir, blobs, writeBatch });
  try {
    await store.domains.add("bench.test");
    const acct = await store.accounts.add({ address: "bench@bench.test", password: "pw" });
    const inbox = (await store.mailboxes.get(acct.id, "INBOX"))!;
    let done = 0;
    const until = performance.now() + seconds * 1000;
    const started = performance.now();
    await Promise.all(Array.from({ length: writers }, async () => {
      while (performance.now() < until) {
        await store.messages.append({ mailboxId: inbox.id, blob: body });
        done++;
      }
    }));
    return done / ((performance.now() - started) / 1000);
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const runtime = (globalThis as { Bun?: unknown }).Bun ? "bun" : (globalThis as { Deno?: unknown }).Deno ? "deno" : "node";
console.log(`runtime ${runtime}, 4 KB messages, ${seconds} s each, appends/s`);
console.log("blobs      writers  group commit  no group commit");
for (const blobs of ["database", "files"] as const) {
  for (const writers of [1, 8]) {
    const grouped = await run(blobs, writers, 64);
    const single = await run(blobs, writers, 1);
    console.log(`${blobs.padEnd(10)} ${String(writers).padStart(7)} ${grouped.toFixed(0).padStart(13)} ${single.toFixed(0).padStart(16)}`);
  }
}
await stopPasswordWorkers();
