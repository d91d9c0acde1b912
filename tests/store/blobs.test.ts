import assert from "node:assert/strict";
import { test } from "node:test";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { FileBlobStore, nodeBlobFs, type BlobFs } from "../../src/store/blobs-file.ts";
import { bytes, codeOf, tempDir, text, withStore } from "./helpers.ts";

for (const kind of ["database", "files"] as const) {
  test(`blobs (${kind}): put, get, delete; missing is null; ids are checked`, async () => {
    await withStore(async (store) => {
      const big = new Uint8Array(3 * 1024 * 1024).map((_, i) => i % 251);
      const a = await store.blobs.put(bytes("hello"));
      const b = await store.blobs.put(big);
      const empty = await store.blobs.put(new Uint8Array(0));
      assert.match(a, /^[0-9a-f]{32}$/);
      assert.notEqual(a, b);
      assert.equal(text(await store.blobs.get(a)), "hello");
      assert.deepEqual(await store.blobs.get(b), big);
      assert.equal((await store.blobs.get(empty))?.byteLength, 0);
      await store.blobs.delete(a);
      assert.equal(await store.blobs.get(a), null);
      await store.blobs.delete(a);
      assert.equal(await codeOf(store.blobs.get("../../etc/passwd")), "invalid");
      assert.equal(await codeOf(store.blobs.delete("../x")), "invalid");
    }, { blobs: kind });
  });
}

function recording(log: string[], fail?: string): BlobFs {
  const rec = <K extends keyof BlobFs>(k: K) => (async (...args: string[]) => {
    log.push(`${k} ${args.filter((a) => typeof a === "string").map((p) => p.split("/").slice(-2).join("/")).join(" ")}`);
    if (fail === k) throw Object.assign(new Error(`${k} failed`), { code: "EIO" });
    return (nodeBlobFs[k] as (...a: unknown[]) => Promise<unknown>)(...args);
  }) as BlobFs[K];
  return { mkdir: rec("mkdir"), writeDurably: rec("writeDurably"), rename: rec("rename"), syncDir: rec("syncDir"), readFile: rec("readFile"), unlink: rec("unlink") };
}

test("file blobs: temp file written and fsynced, renamed, then the directory fsynced, before put resolves", async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const log: string[] = [];
    const store = new FileBlobStore(join(dir, "blobs"), recording(log));
    const id = await store.put(bytes("x"));
    const shard = id.slice(0, 2);
    assert.deepEqual(log, [
      `mkdir blobs/${shard}`,
      `syncDir ${dir.split("/").slice(-2).join("/")}`,
      `syncDir ${dir.split("/").pop()}/blobs`,
      `writeDurably ${shard}/.tmp-${id}`,
      `rename ${shard}/.tmp-${id} ${shard}/${id}`,
      `syncDir blobs/${shard}`,
    ]);
    assert.deepEqual(await readdir(join(dir, "blobs", shard)), [id]);
  } finally {
    await cleanup();
  }
});

test("file blobs: a failed write leaves neither the blob nor its temp file", async () => {
  const { dir, cleanup } = await tempDir();
  try {
    for (const step of ["writeDurably", "rename"]) {
      const store = new FileBlobStore(join(dir, "blobs"), recording([], step));
      await assert.rejects(store.put(bytes("x")), new RegExp(`${step} failed`));
    }
    for (const shard of await readdir(join(dir, "blobs"))) assert.deepEqual(await readdir(join(dir, "blobs", shard)), []);
  } finally {
    await cleanup();
  }
});

test("file blobs: the real fs path works (open dir + fsync is supported on this runtime)", async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const store = new FileBlobStore(join(dir, "blobs"));
    const ids = await Promise.all(Array.from({ length: 20 }, (_, i) => store.put(bytes(`b${i}`))));
    for (const [i, id] of ids.entries()) assert.equal(text(await store.get(id)), `b${i}`);
  } finally {
    await cleanup();
  }
});
