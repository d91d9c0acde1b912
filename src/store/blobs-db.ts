import { eq } from "drizzle-orm";
import { checkBlobId, newBlobId, type BlobStore } from "./blobs.ts";
import { blobs } from "./schema.ts";
import type { Db, Tx, Writer } from "./writer.ts";

/** Blobs in the `blobs` table: durable with the same commit as the metadata that points at them. */
export class DbBlobStore implements BlobStore {
  readonly kind = "database" as const;
  readonly #db: Db;
  readonly #writer: Writer;

  constructor(db: Db, writer: Writer) {
    this.#db = db;
    this.#writer = writer;
  }

  /** Inserts inside an open write transaction (so a message and its body commit together). */
  async putIn(tx: Tx, bytes: Uint8Array): Promise<string> {
    const id = newBlobId();
    await tx.insert(blobs).values({ id, data: toBuffer(bytes), size: bytes.byteLength, createdAt: new Date() });
    return id;
  }

  put(bytes: Uint8Array): Promise<string> {
    return this.#writer.run((tx) => this.putIn(tx, bytes));
  }

  async get(id: string): Promise<Uint8Array | null> {
    checkBlobId(id);
    const [row] = await this.#db.select({ data: blobs.data }).from(blobs).where(eq(blobs.id, id));
    if (!row) return null;
    const d = row.data as unknown as ArrayBuffer | Uint8Array;
    return d instanceof Uint8Array ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength) : new Uint8Array(d);
  }

  async delete(id: string): Promise<void> {
    checkBlobId(id);
    await this.#writer.run((tx) => tx.delete(blobs).where(eq(blobs.id, id)));
  }
}

// drizzle's buffer mode is typed as Buffer; libSQL takes any Uint8Array/ArrayBuffer.
function toBuffer(bytes: Uint8Array): Buffer {
  return bytes as Buffer;
}
