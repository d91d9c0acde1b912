/**
 * A session's view of its maildrop (RFC 1939 §5): the messages as they were at login, numbered
 * from 1, with their sizes, UIDs and deletion marks. New mail arriving during the session is not
 * shown (the numbers must not move); messages expunged meanwhile over IMAP keep their number and
 * are answered `-ERR` when asked for.
 *
 * Memory: two typed arrays and one byte a message (about 17 bytes each), never a message body.
 *
 * @module
 */
import type { Pop3Identity, Pop3Mailbox } from "./backend.ts";

export class Maildrop {
  readonly identity: Pop3Identity;
  readonly mailbox: Pop3Mailbox;
  readonly #uids: Float64Array;
  readonly #sizes: Float64Array;
  readonly #deleted: Uint8Array;
  #deletedCount = 0;
  #deletedSize = 0;
  readonly #totalSize: number;

  private constructor(identity: Pop3Identity, mailbox: Pop3Mailbox, uids: Float64Array, sizes: Float64Array) {
    this.identity = identity;
    this.mailbox = mailbox;
    this.#uids = uids;
    this.#sizes = sizes;
    this.#deleted = new Uint8Array(uids.length);
    let total = 0;
    for (const s of sizes) total += s;
    this.#totalSize = total;
  }

  /** Lists the mailbox, batch by batch, into the session's arrays. */
  static async load(identity: Pop3Identity, mailbox: Pop3Mailbox): Promise<Maildrop> {
    let uids: Float64Array = new Float64Array(64);
    let sizes: Float64Array = new Float64Array(64);
    let n = 0;
    for await (const m of mailbox.scan()) {
      if (n === uids.length) {
        uids = grow(uids);
        sizes = grow(sizes);
      }
      uids[n] = m.uid;
      sizes[n] = m.size;
      n++;
    }
    return new Maildrop(identity, mailbox, uids.slice(0, n), sizes.slice(0, n));
  }

  /** Messages at login, deleted ones included (the highest message number). */
  get count(): number {
    return this.#uids.length;
  }

  /** `n` is a message number of this maildrop (1..count). */
  exists(n: number): boolean {
    return Number.isInteger(n) && n >= 1 && n <= this.#uids.length;
  }

  isDeleted(n: number): boolean {
    return this.#deleted[n - 1] === 1;
  }

  uid(n: number): number {
    return this.#uids[n - 1]!;
  }

  size(n: number): number {
    return this.#sizes[n - 1]!;
  }

  /** RFC 1939 §7 UIDL: `<uidvalidity>.<uid>`, unique and stable while the INBOX exists; ≤ 21 characters of 0x21-0x7E. */
  uidl(n: number): string {
    return `${this.mailbox.uidValidity}.${this.uid(n)}`;
  }

  /** STAT: messages not marked deleted, and their octets. */
  stat(): { count: number; size: number } {
    return { count: this.#uids.length - this.#deletedCount, size: this.#totalSize - this.#deletedSize };
  }

  /** DELE: mark message `n` (the caller checked that it exists and is not yet marked). */
  markDeleted(n: number): void {
    if (this.#deleted[n - 1]) return;
    this.#deleted[n - 1] = 1;
    this.#deletedCount++;
    this.#deletedSize += this.#sizes[n - 1]!;
  }

  /** RSET: unmark everything. */
  reset(): void {
    this.#deleted.fill(0);
    this.#deletedCount = 0;
    this.#deletedSize = 0;
  }

  /** The UIDs to remove at QUIT, ascending. */
  deletedUids(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.#deleted.length; i++) if (this.#deleted[i]) out.push(this.#uids[i]!);
    return out;
  }
}

function grow(a: Float64Array): Float64Array {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}
