/** Options for `BatchWriter`. */
export interface BatchWriterOptions {
  /** Buffered bytes that trigger a flush from `write()` (default 16 KiB, at least 64). */
  flushThreshold?: number;
}

const encoder = new TextEncoder();

/**
 * Batches many small protocol writes (reply lines, FETCH fragments) into few chunks on a
 * WritableStream, so a multi-line reply costs one socket write instead of one per line.
 *
 * Strings are UTF-8 encoded straight into the buffer. Large byte arrays (>= the threshold) are
 * passed through without copying; the caller must not change them until the returned promise
 * settles. Write order is the call order, always.
 *
 * Backpressure: `flush()` resolves only once the stream's sink has taken the bytes. `write()`
 * returns a promise whenever it had to hand bytes to the stream (buffer past the threshold) and
 * undefined otherwise; `await` it (awaiting undefined is harmless) so a slow client slows its
 * session instead of growing a queue.
 *
 * A failed write is sticky: every later call throws that error. Promises handed out are
 * observed internally, so ignoring one never causes an unhandled rejection.
 */
export class BatchWriter {
  readonly #writer: WritableStreamDefaultWriter<Uint8Array>;
  readonly #threshold: number;
  #buf: Uint8Array;
  #len = 0;
  #last: Promise<void> | null = null;
  #failure: { error: unknown } | null = null;
  #released = false;

  /** Locks `writable` until `release()` or `close()`. */
  constructor(writable: WritableStream<Uint8Array>, options: BatchWriterOptions = {}) {
    this.#threshold = Math.max(64, options.flushThreshold ?? 16384);
    this.#buf = new Uint8Array(this.#threshold);
    this.#writer = writable.getWriter();
  }

  /** Bytes waiting in the buffer (not yet handed to the stream). */
  get buffered(): number {
    return this.#len;
  }

  /** Append `data` (a string is UTF-8 encoded); flushes when the buffer passes the threshold. */
  write(data: string | Uint8Array): Promise<void> | undefined {
    this.#check();
    let p: Promise<void> | undefined;
    if (typeof data === "string") {
      let s = data;
      while (s.length > 0) {
        const r = encoder.encodeInto(s, this.#buf.subarray(this.#len));
        this.#len += r.written;
        if (r.read === s.length) break;
        // Buffer full: encodeInto stopped at a whole code point; send and continue.
        s = s.slice(r.read);
        p = this.#handOff(this.#take());
      }
    } else if (data.length >= this.#threshold) {
      if (this.#len > 0) this.#handOff(this.#take());
      return this.#handOff(data);
    } else {
      if (this.#len + data.length > this.#buf.length) p = this.#handOff(this.#take());
      this.#buf.set(data, this.#len);
      this.#len += data.length;
    }
    if (this.#len >= this.#threshold) p = this.#handOff(this.#take());
    return p;
  }

  /** Hand the buffered bytes to the stream as one chunk; resolves when the sink has them. */
  flush(): Promise<void> {
    try {
      this.#check();
    } catch (e) {
      return Promise.reject(e);
    }
    if (this.#len > 0) return this.#handOff(this.#take());
    return this.#last ?? Promise.resolve();
  }

  /** Flush, then release the stream lock (STARTTLS); the writer is unusable afterwards. */
  async release(): Promise<void> {
    await this.flush();
    this.#released = true;
    this.#writer.releaseLock();
  }

  /** Flush, then close the stream. */
  async close(): Promise<void> {
    await this.flush();
    this.#released = true;
    await this.#writer.close();
  }

  /** Drop the buffer and abort the stream (connection being torn down). Never rejects. */
  async abort(reason?: unknown): Promise<void> {
    this.#len = 0;
    this.#released = true;
    try {
      await this.#writer.abort(reason);
    } catch {
      // Already errored or closed.
    }
  }

  #check(): void {
    if (this.#failure) throw this.#failure.error;
    if (this.#released) throw new Error("BatchWriter: used after release/close");
  }

  #take(): Uint8Array {
    const n = this.#len;
    this.#len = 0;
    // The sink may hold on to a chunk after accepting it (Node sockets queue it), so a buffer
    // once handed out is never written again: small batches are copied out, big ones given
    // away with a fresh buffer taking their place.
    if (n <= this.#buf.length >> 2) return this.#buf.slice(0, n);
    const chunk = this.#buf.subarray(0, n);
    this.#buf = new Uint8Array(this.#threshold);
    return chunk;
  }

  #handOff(chunk: Uint8Array): Promise<void> {
    const p = this.#writer.write(chunk);
    p.catch((error) => {
      this.#failure ??= { error };
    });
    this.#last = p;
    return p;
  }
}
