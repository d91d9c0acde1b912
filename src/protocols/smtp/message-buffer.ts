/**
 * The bytes of one message as they arrive (DATA or BDAT chunks), kept up to the size limit.
 * Past the limit nothing more is kept and what was kept is let go at once, so a client sending
 * far more than SIZE costs no memory beyond the limit while the session reads to the end of it.
 *
 * @module
 */

const EMPTY = new Uint8Array(0);
const FIRST_BLOCK = 64 * 1024;

/** Message bytes up to `max`; copies what it keeps (reader chunks are views into socket buffers). */
export class MessageBuffer {
  readonly max: number;
  #buf: Uint8Array = EMPTY;
  #len = 0;
  #size = 0;
  #peak = 0;

  constructor(max: number) {
    this.max = max;
  }

  /** Bytes offered so far, kept or not. */
  get size(): number {
    return this.#size;
  }

  /** More than `max` bytes were offered: the message is refused and nothing is kept. */
  get tooBig(): boolean {
    return this.#size > this.max;
  }

  /** The largest the internal buffer has been (never more than `max`). */
  get peakCapacity(): number {
    return this.#peak;
  }

  /** Append a chunk; once over `max`, only counts. */
  add(chunk: Uint8Array): void {
    const n = chunk.length;
    this.#size += n;
    if (this.#size > this.max) {
      this.#buf = EMPTY;
      this.#len = 0;
      return;
    }
    if (this.#len + n > this.#buf.length) this.#grow(this.#len + n);
    this.#buf.set(chunk, this.#len);
    this.#len += n;
  }

  /** The kept bytes (a view; valid until the next `add`). */
  bytes(): Uint8Array {
    return this.#buf.subarray(0, this.#len);
  }

  #grow(need: number): void {
    let cap = Math.max(this.#buf.length * 2, FIRST_BLOCK);
    while (cap < need) cap *= 2;
    cap = Math.min(cap, this.max);
    const next = new Uint8Array(cap);
    next.set(this.#buf.subarray(0, this.#len));
    this.#buf = next;
    if (cap > this.#peak) this.#peak = cap;
  }
}
