import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore, type OpenStoreOptions, type Store } from "../../src/store/mod.ts";

/** A fresh temp directory; `cleanup` removes it. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "wrenmail-store-"));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Runs `fn` with a store on a fresh file database in a temp dir, then closes and removes it. */
export async function withStore<T>(fn: (store: Store, dir: string) => Promise<T>, o: Partial<OpenStoreOptions> = {}): Promise<T> {
  const { dir, cleanup } = await tempDir();
  const store = await openStore({ url: `file:${join(dir, "wrenmail.db")}`, dataDir: dir, ...o });
  try {
    return await fn(store, dir);
  } finally {
    await store.close();
    await cleanup();
  }
}

/** The StoreError code a promise rejects with (fails the test if it resolves). */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as { code?: string }).code ?? `not a StoreError: ${String(e)}`;
  }
  throw new Error("expected a rejection");
}

export const bytes = (s: string) => new TextEncoder().encode(s);
export const text = (b: Uint8Array | null) => (b ? new TextDecoder().decode(b) : null);
