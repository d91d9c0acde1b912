import { DbBlobStore } from "./blobs-db.ts";
import type { BlobStore } from "./blobs.ts";
import { StoreError } from "./errors.ts";
import type { Tx } from "./writer.ts";

/**
 * A message body readied for a write that stores several rows in one transaction (one SMTP
 * message to several mailboxes and the outbound queue). Bodies kept as files must be durable
 * before the transaction that points at them commits, and writing them inside it would hold the
 * single writer through an fsync; database bodies must be inserted inside it so they roll back
 * with it. A StagedBlob hides which of the two it is.
 */
export interface StagedBlob {
  /** Size of the body in bytes. */
  readonly size: number;
  /**
   * The blob id for the one row about to be written in `tx`. A database body is inserted now and
   * rolls back with `tx`; a file body is already on disk. May be called once: two rows sharing a
   * body would lose it when either is deleted.
   */
  take(tx: Tx): Promise<string>;
  /** Call when the write failed (rolled back): removes a file body. Never throws. */
  discard(): Promise<void>;
}

/** Stages `bytes` in `blobs`: written durably now for file blobs, at `take` for database blobs. */
export async function stageBlob(blobs: BlobStore, bytes: Uint8Array): Promise<StagedBlob> {
  let taken = false;
  const once = () => {
    if (taken) throw new StoreError("invalid", "a staged blob backs exactly one row");
    taken = true;
  };
  if (blobs instanceof DbBlobStore) {
    return {
      size: bytes.byteLength,
      take: async (tx) => {
        once();
        return blobs.putIn(tx, bytes);
      },
      discard: async () => {},
    };
  }
  const id = await blobs.put(bytes);
  return {
    size: bytes.byteLength,
    take: async () => {
      once();
      return id;
    },
    discard: () => blobs.delete(id).catch(() => {}),
  };
}
