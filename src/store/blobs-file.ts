import * as fsp from "node:fs/promises";
import { dirname, join } from "node:path";
import { checkBlobId, checkBlobIds, newBlobId, type BlobStore } from "./blobs.ts";

/** The file operations FileBlobStore needs; tests pass a recording wrapper to check the order. */
export interface BlobFs {
  mkdir(path: string): Promise<void>;
  writeDurably(path: string, bytes: Uint8Array): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  syncDir(path: string): Promise<void>;
  readFile(path: string): Promise<Uint8Array>;
  unlink(path: string): Promise<void>;
}

/** node:fs/promises; works the same on Node, Deno and Bun. */
export const nodeBlobFs: BlobFs = {
  async mkdir(path) {
    await fsp.mkdir(path, { recursive: true });
  },
  async writeDurably(path, bytes) {
    const fh = await fsp.open(path, "wx", 0o600);
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
  },
  rename: (from, to) => fsp.rename(from, to),
  async syncDir(path) {
    const fh = await fsp.open(path, "r");
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  },
  async readFile(path) {
    const b = await fsp.readFile(path);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  },
  unlink: (path) => fsp.unlink(path),
};

/** Files read at once by getMany. */
const PARALLEL_READS = 8;

/**
 * Blobs as files under `<dir>/<first two hex digits>/<id>`. `put` writes a temp file, fsyncs it,
 * renames it into place and fsyncs the directory, so once it resolves the blob survives a crash or
 * power loss, and a crash before that leaves only a `.tmp-` file, never a truncated blob.
 */
export class FileBlobStore implements BlobStore {
  readonly kind = "files" as const;
  readonly #dir: string;
  readonly #fs: BlobFs;
  readonly #readyShards = new Set<string>();
  #rootReady = false;

  constructor(dir: string, fs: BlobFs = nodeBlobFs) {
    this.#dir = dir;
    this.#fs = fs;
  }

  #path(id: string): [string, string] {
    const shard = join(this.#dir, id.slice(0, 2));
    return [shard, join(shard, id)];
  }

  async put(bytes: Uint8Array): Promise<string> {
    const id = newBlobId();
    const [shard, path] = this.#path(id);
    if (!this.#readyShards.has(shard)) {
      await this.#fs.mkdir(shard);
      // A new directory's own entry must reach the disk too, or the whole shard can vanish.
      if (!this.#rootReady) {
        await this.#fs.syncDir(dirname(this.#dir));
        this.#rootReady = true;
      }
      await this.#fs.syncDir(this.#dir);
      this.#readyShards.add(shard);
    }
    const tmp = join(shard, `.tmp-${id}`);
    try {
      await this.#fs.writeDurably(tmp, bytes);
      await this.#fs.rename(tmp, path);
    } catch (e) {
      await this.#fs.unlink(tmp).catch(() => {});
      throw e;
    }
    await this.#fs.syncDir(shard);
    return id;
  }

  async get(id: string): Promise<Uint8Array | null> {
    const [, path] = this.#path(checkBlobId(id));
    try {
      return await this.#fs.readFile(path);
    } catch (e) {
      if ((e as { code?: string }).code === "ENOENT") return null;
      throw e;
    }
  }

  /** Per-file reads, a few at a time: the disk queue stays full without opening hundreds of files. */
  async getMany(ids: readonly string[]): Promise<Map<string, Uint8Array>> {
    checkBlobIds(ids);
    const out = new Map<string, Uint8Array>();
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const id = ids[next++]!;
        const bytes = await this.get(id);
        if (bytes) out.set(id, bytes);
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_READS, ids.length) }, worker));
    return out;
  }

  async delete(id: string): Promise<void> {
    const [, path] = this.#path(checkBlobId(id));
    try {
      await this.#fs.unlink(path);
    } catch (e) {
      if ((e as { code?: string }).code !== "ENOENT") throw e;
    }
  }
}
