import { randomBytes } from "node:crypto";
import { StoreError } from "./errors.ts";

/** Where message bodies live. `put` resolves only once the bytes are durable. */
export interface BlobStore {
  readonly kind: "database" | "files";
  /** Stores bytes durably and returns a new id. */
  put(bytes: Uint8Array): Promise<string>;
  /** The bytes, or null when there is no such blob. */
  get(id: string): Promise<Uint8Array | null>;
  /**
   * The bytes of many blobs at once (FETCH/SEARCH read a batch of messages): a map from id to
   * bytes, missing ids absent. The caller bounds how many bytes it asks for (see MAX_MANY).
   */
  getMany(ids: readonly string[]): Promise<Map<string, Uint8Array>>;
  /** Removes a blob; removing a missing one is not an error. */
  delete(id: string): Promise<void>;
}

/** Which BlobStore implementation a store uses. */
export type BlobStoreKind = BlobStore["kind"];

/** A fresh blob id: 128 random bits in hex, safe as a file name. */
export function newBlobId(): string {
  return randomBytes(16).toString("hex");
}

/** Most ids per getMany call: keeps a statement's parameters, and the batch, small. */
export const MAX_MANY = 1000;

/** Validates a getMany id list (count and every id). */
export function checkBlobIds(ids: readonly string[]): readonly string[] {
  if (!Array.isArray(ids)) throw new StoreError("invalid", "blob ids must be an array");
  if (ids.length > MAX_MANY) throw new StoreError("invalid", `${ids.length} blob ids in one read (at most ${MAX_MANY})`);
  for (const id of ids) checkBlobId(id);
  return ids;
}

const ID = /^[0-9a-f]{32}$/;

/** Refuses anything that is not an id this module made (ids become file paths). */
export function checkBlobId(id: string): string {
  if (!ID.test(id)) throw new StoreError("invalid", `invalid blob id: ${JSON.stringify(id)}`);
  return id;
}
