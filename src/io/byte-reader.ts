import { CR, LF } from "./ascii.ts";
import { DotDecoder, type DotDataResult } from "./dot-decoder.ts";
import { ReadError } from "./errors.ts";

export type { DotDataResult } from "./dot-decoder.ts";

/**
 * How a line ended. `crlf` is the only valid command terminator in SMTP/POP3/IMAP; `lf` is a bare
 * LF (reported, never silently accepted); `eof` means the stream ended without a terminator;
 * `none` (only with `stopAtLimit`) means the reader stopped at the limit and the rest of the line
 * is still unread.
 */
export type LineEnding = "crlf" | "lf" | "eof" | "none";

/** A line that fitted. */
export interface Line {
  kind: "line";
  /**
   * The line without its terminator. A view into a chunk the stream delivered: the reader never
   * writes to it, but it keeps that chunk alive; `slice()` it to keep it long-term.
   */
  bytes: Uint8Array;
  ending: LineEnding;
  /** `bytes` holds a CR (one not part of the CRLF terminator). */
  bareCr: boolean;
}

/** A line longer than the limit; its bytes were consumed and discarded up to its terminator. */
export interface LineTooLong {
  kind: "too-long";
  /** Length of the whole line without its terminator. */
  length: number;
  ending: LineEnding;
}

/** One result of `readLine`. */
export type ReadLineResult = Line | LineTooLong;

/**
 * A sub-stream of the reader (a literal, a dot-terminated body), read as chunks. Chunks are
 * views into stream chunks, like `Line.bytes`. Leaving the loop early is safe: the next
 * operation on the reader first consumes and discards the rest, so the reader never loses
 * its place in the protocol.
 */
export interface ChunkStream extends AsyncIterableIterator<Uint8Array> {
  /** Consume and discard whatever is left; resolves once the reader is past this sub-stream. */
  finish(): Promise<void>;
}

/** The body of dot-terminated data as a stream of unstuffed chunks. */
export interface DotDataStream extends AsyncIterableIterator<Uint8Array> {
  /** Consume and discard whatever is left of the body, then give the facts about it. */
  finish(): Promise<DotDataResult>;
  /** The facts, once the terminator has been read; null before. */
  readonly result: DotDataResult | null;
}

/** A sub-stream still owed bytes; `prev` is one created earlier and not yet finished. */
interface Active {
  prev: Active | null;
  drain(): Promise<void>;
}

const EMPTY = new Uint8Array(0);

function concat(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    const n = Math.min(p.length, total - o);
    out.set(n === p.length ? p : p.subarray(0, n), o);
    o += n;
    if (o === total) break;
  }
  return out;
}

function checkCount(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`byte count must be a non-negative integer, got ${n}`);
}

/**
 * A buffered, byte-oriented reader over a WHATWG byte stream: lines with a length limit, exact
 * reads for literals, streamed literals and dot-terminated data. One operation at a time.
 *
 * Memory: the reader holds at most the current stream chunk plus, inside `readLine`, up to
 * `maxLength + 1` bytes of a line that spans chunks (see `buffered`, `peakBuffered`).
 *
 * Errors are thrown as `ReadError` (`code` says why); a stream error is sticky.
 */
export class ByteReader {
  #reader: ReadableStreamDefaultReader<Uint8Array>;
  #head: Uint8Array = EMPTY;
  #held = 0; // bytes an operation in progress has taken out of #head but not returned yet
  #peak = 0;
  #eof = false;
  #busy = false;
  #closed: ReadError | null = null; // released / cancelled / stream error
  #active: Active | null = null;

  /** Locks `readable` until `release()`. */
  constructor(readable: ReadableStream<Uint8Array>) {
    this.#reader = readable.getReader();
  }

  /** Bytes the reader holds right now: read-ahead plus a partial line in progress. */
  get buffered(): number {
    return this.#head.length + this.#held;
  }

  /** The largest `buffered` has been, measured whenever a chunk arrives. */
  get peakBuffered(): number {
    return this.#peak;
  }

  /** The stream has been seen to end (a read hit EOF) and every byte has been read. */
  get ended(): boolean {
    return this.#eof && this.#head.length === 0;
  }

  /**
   * The next line, or null at end of stream. A line ends at LF; `ending` says whether a CR came
   * before it. A line longer than `maxLength` bytes (terminator not counted) is consumed to its
   * LF without being kept and reported as `too-long`, so the next call reads the next line.
   *
   * At end of stream, bytes after the last LF are returned once as a line (or too-long) with
   * ending `eof` — a trailing CR stays in `bytes` since no terminator was seen — and the
   * following call returns null.
   *
   * With `stopAtLimit`, a line is reported `too-long` with ending `none` as soon as more than
   * `maxLength + 1` bytes of it have arrived without an LF, the rest left unread: for a protocol
   * that answers and closes (IMAP, where the end of a line may announce a literal) instead of
   * waiting for an LF that may never come.
   */
  readLine(maxLength: number, o: { stopAtLimit?: boolean } = {}): Promise<ReadLineResult | null> {
    // Most lines are already in the read-ahead; skipping the async machinery for them roughly
    // doubles lines/s.
    const line = this.#closed || this.#busy || this.#active ? undefined : this.#lineFromHead(maxLength);
    return line ? Promise.resolve(line) : this.#readLine(maxLength, o.stopAtLimit ?? false);
  }

  /**
   * The next line if it is complete in the read-ahead, else undefined — without waiting. For
   * answering a batch of pipelined commands in one go before flushing; same results as
   * `readLine` otherwise. Throws `ReadError` like the other reads.
   */
  tryReadLine(maxLength: number): ReadLineResult | undefined {
    this.#enter();
    try {
      return this.#active ? undefined : this.#lineFromHead(maxLength);
    } finally {
      this.#leave();
    }
  }

  #lineFromHead(maxLength: number): ReadLineResult | undefined {
    const head = this.#head;
    const i = head.indexOf(LF);
    if (i < 0) return undefined;
    this.#head = head.subarray(i + 1);
    const crlf = i > 0 && head[i - 1] === CR;
    const length = crlf ? i - 1 : i;
    const ending: LineEnding = crlf ? "crlf" : "lf";
    if (length > maxLength) return { kind: "too-long", length, ending };
    const bytes = head.subarray(0, length);
    return { kind: "line", bytes, ending, bareCr: bytes.indexOf(CR) >= 0 };
  }

  async #readLine(maxLength: number, stopAtLimit: boolean): Promise<ReadLineResult | null> {
    this.#enter();
    try {
      if (this.#active) await this.#settle();
      let parts: Uint8Array[] | null = null;
      let partsLen = 0;
      let overflow = false; // past the limit: count, don't keep
      let total = 0;
      let lastByte = -1;
      for (;;) {
        let head = this.#head;
        if (head.length === 0) {
          if (!(await this.#fill())) {
            if (overflow) return { kind: "too-long", length: total, ending: "eof" };
            if (partsLen === 0) return null;
            if (partsLen > maxLength) return { kind: "too-long", length: partsLen, ending: "eof" };
            const bytes = concat(parts!, partsLen);
            return { kind: "line", bytes, ending: "eof", bareCr: bytes.indexOf(CR) >= 0 };
          }
          head = this.#head;
        }
        const i = head.indexOf(LF);
        if (i < 0) {
          this.#head = EMPTY;
          lastByte = head[head.length - 1];
          if (overflow) {
            total += head.length;
          } else {
            (parts ??= []).push(head);
            partsLen += head.length;
            // +1: a CR at the end may turn out to be half of the terminator.
            if (partsLen > maxLength + 1) {
              // A peer that sends an endless line without LF gets its answer now, not never.
              if (stopAtLimit) return { kind: "too-long", length: partsLen, ending: "none" };
              overflow = true;
              total = partsLen;
              parts = null;
              partsLen = 0;
            }
            this.#held = partsLen;
          }
          continue;
        }
        this.#head = head.subarray(i + 1);
        const crlf = i > 0 ? head[i - 1] === CR : lastByte === CR;
        const ending: LineEnding = crlf ? "crlf" : "lf";
        const length = (overflow ? total : partsLen) + i - (crlf ? 1 : 0);
        if (overflow || length > maxLength) return { kind: "too-long", length, ending };
        let bytes: Uint8Array;
        if (parts === null) {
          bytes = head.subarray(0, length);
        } else {
          parts.push(head.subarray(0, i));
          bytes = concat(parts, length);
        }
        return { kind: "line", bytes, ending, bareCr: bytes.indexOf(CR) >= 0 };
      }
    } finally {
      this.#leave();
    }
  }

  /**
   * Exactly `n` bytes (an IMAP literal, a BER element). A view into a stream chunk when the bytes
   * arrived in one, else a fresh copy. Throws `ReadError("eof")` if the stream ends first.
   * Memory is the caller's to bound: check `n` against the protocol limit before calling.
   */
  async readExact(n: number): Promise<Uint8Array> {
    checkCount(n);
    this.#enter();
    try {
      if (this.#active) await this.#settle();
      if (n === 0) return EMPTY;
      if (this.#head.length === 0 && !(await this.#fill())) throw this.#eofError(0, n);
      let head = this.#head;
      if (head.length >= n) {
        this.#head = head.subarray(n);
        return head.subarray(0, n);
      }
      const out = new Uint8Array(n);
      let got = 0;
      for (;;) {
        const take = Math.min(head.length, n - got);
        out.set(take === head.length ? head : head.subarray(0, take), got);
        got += take;
        this.#head = head.subarray(take);
        this.#held = got;
        if (got === n) return out;
        if (!(await this.#fill())) throw this.#eofError(got, n);
        head = this.#head;
      }
    } finally {
      this.#leave();
    }
  }

  /** Consume and discard exactly `n` bytes. Throws `ReadError("eof")` if the stream ends first. */
  async skip(n: number): Promise<void> {
    checkCount(n);
    this.#enter();
    try {
      if (this.#active) await this.#settle();
      await this.#skip(n, n);
    } finally {
      this.#leave();
    }
  }

  /**
   * The next `n` bytes as a stream of chunks, never assembled (50 MB IMAP APPEND literals).
   * Iterating throws `ReadError("eof")` if the stream ends before `n` bytes.
   */
  readChunks(n: number): ChunkStream {
    checkCount(n);
    this.#check();
    let remaining = n;
    const active: Active = {
      prev: this.#active,
      drain: async () => {
        await this.#drainPrev(active);
        const r = remaining;
        remaining = 0;
        await this.#skip(r, n);
      },
    };
    this.#active = active;
    const stream: ChunkStream = {
      next: async (): Promise<IteratorResult<Uint8Array>> => {
        this.#enter();
        try {
          if (this.#active !== active) return { done: true, value: undefined };
          await this.#drainPrev(active);
          if (remaining === 0) {
            this.#active = null;
            return { done: true, value: undefined };
          }
          if (this.#head.length === 0 && !(await this.#fill())) throw this.#eofError(n - remaining, n);
          const head = this.#head;
          const take = Math.min(head.length, remaining);
          remaining -= take;
          this.#head = head.subarray(take);
          return { done: false, value: take === head.length ? head : head.subarray(0, take) };
        } finally {
          this.#leave();
        }
      },
      return: async () => ({ done: true, value: undefined }),
      finish: async () => {
        this.#enter();
        try {
          await active.drain();
          if (this.#active === active) this.#active = null;
        } finally {
          this.#leave();
        }
      },
      [Symbol.asyncIterator]() {
        return stream;
      },
    };
    return stream;
  }

  /**
   * The body of dot-terminated data (SMTP DATA, a POP3/NNTP multi-line response), unstuffed,
   * as chunks. It ends only at CRLF "." CRLF (the start counts as following a CRLF); bare CR/LF
   * sequences such as `\n.\n`, `\r.\r`, `\n.\r\n`, `\r\n.\n` are body bytes (SMTP smuggling
   * defence). At most `maxBytes` body bytes are yielded; past that the body is still consumed
   * to its terminator but discarded, and the result says `tooBig` with the full `size`, so the
   * server can answer 552 in step. Throws `ReadError("eof")` if the stream ends first.
   */
  readDotData(maxBytes: number = Number.POSITIVE_INFINITY): DotDataStream {
    const decoder = new DotDecoder(maxBytes);
    this.#check();
    const queue: Uint8Array[] = [];
    let qpos = 0;
    const step = async (sink: Uint8Array[]): Promise<void> => {
      if (this.#head.length === 0 && !(await this.#fill())) {
        throw new ReadError("eof", `stream ended inside dot-terminated data after ${decoder.result.size} bytes`);
      }
      const used = decoder.decode(this.#head, sink);
      this.#head = this.#head.subarray(used);
    };
    const active: Active = {
      prev: this.#active,
      drain: async () => {
        await this.#drainPrev(active);
        queue.length = qpos = 0;
        const sink: Uint8Array[] = [];
        while (!decoder.done) {
          await step(sink);
          sink.length = 0;
        }
      },
    };
    this.#active = active;
    const stream: DotDataStream = {
      next: async (): Promise<IteratorResult<Uint8Array>> => {
        this.#enter();
        try {
          if (this.#active !== active) return { done: true, value: undefined };
          await this.#drainPrev(active);
          for (;;) {
            if (qpos < queue.length) return { done: false, value: queue[qpos++] };
            queue.length = qpos = 0;
            if (decoder.done) {
              this.#active = null;
              return { done: true, value: undefined };
            }
            await step(queue);
          }
        } finally {
          this.#leave();
        }
      },
      return: async () => ({ done: true, value: undefined }),
      finish: async () => {
        this.#enter();
        try {
          await active.drain();
          if (this.#active === active) this.#active = null;
          return decoder.result;
        } finally {
          this.#leave();
        }
      },
      get result() {
        return decoder.done ? decoder.result : null;
      },
      [Symbol.asyncIterator]() {
        return stream;
      },
    };
    return stream;
  }

  /**
   * Give the stream back, for STARTTLS: read-ahead bytes (plaintext pipelined after the command)
   * are dropped — there is deliberately no way to get them — and the stream lock is released so
   * the connection can be upgraded. Returns how many bytes were dropped (worth logging: a client
   * that pipelines after STARTTLS is broken or attacking, cf. CVE-2011-0411). Every later
   * operation throws `ReadError("released")`. Bytes still queued inside the stream itself are
   * the Conn's to discard (`Conn.startTls` does).
   */
  release(): number {
    if (this.#busy) throw new ReadError("busy", "cannot release while a read is pending");
    if (this.#closed?.code === "released") return 0;
    const dropped = this.#head.length;
    this.#drop(new ReadError("released", "the reader has released its stream"));
    try {
      this.#reader.releaseLock();
    } catch {
      // Already released or errored: nothing left to give back.
    }
    return dropped;
  }

  /**
   * Cancel the underlying stream (idle timeout, shutdown). A pending read rejects with
   * `ReadError("cancelled")`, as does every later one. Never rejects.
   */
  async cancel(reason?: unknown): Promise<void> {
    if (this.#closed) return;
    this.#drop(new ReadError("cancelled", "the reader was cancelled", { cause: reason }));
    try {
      await this.#reader.cancel(reason);
    } catch {
      // The stream was already errored or released; cancelling is best effort.
    }
  }

  #drop(why: ReadError): void {
    this.#closed = why;
    this.#head = EMPTY;
    this.#held = 0;
    this.#active = null;
  }

  /** Consume what every unfinished sub-stream is still owed, oldest first. */
  async #settle(): Promise<void> {
    const a = this.#active;
    if (!a) return;
    await a.drain();
    if (this.#active === a) this.#active = null;
  }

  async #drainPrev(a: Active): Promise<void> {
    const p = a.prev;
    if (p) {
      a.prev = null;
      await p.drain();
    }
  }

  /** Throw if the reader is unusable or mid-read; for operations that only set up state. */
  #check(): void {
    this.#enter();
    this.#busy = false;
  }

  #enter(): void {
    if (this.#closed) throw this.#closed;
    if (this.#busy) throw new ReadError("busy", "another read is still pending on this ByteReader");
    this.#busy = true;
  }

  #leave(): void {
    this.#busy = false;
    this.#held = 0;
  }

  #eofError(got: number, want: number): ReadError {
    return new ReadError("eof", `stream ended after ${got} of ${want} bytes`);
  }

  /** Discard `n` bytes; `want` is only for the error message. */
  async #skip(n: number, want: number): Promise<void> {
    let left = n;
    while (left > 0) {
      if (this.#head.length === 0 && !(await this.#fill())) throw this.#eofError(want - left, want);
      const take = Math.min(this.#head.length, left);
      this.#head = this.#head.subarray(take);
      left -= take;
    }
  }

  /** Pull the next non-empty chunk into #head (which must be empty). False at end of stream. */
  async #fill(): Promise<boolean> {
    if (this.#eof) return false;
    for (;;) {
      let r: ReadableStreamReadResult<Uint8Array>;
      try {
        r = await this.#reader.read();
      } catch (e) {
        if (this.#closed) throw this.#closed;
        const err = new ReadError("stream", `stream error: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
        this.#drop(err);
        throw err;
      }
      // cancel() resolves a pending read as done; report it as the cancellation it was.
      if (this.#closed) throw this.#closed;
      if (r.done) {
        this.#eof = true;
        return false;
      }
      const chunk = r.value;
      if (!(chunk instanceof Uint8Array)) {
        const err = new ReadError("stream", "stream delivered a chunk that is not a Uint8Array");
        this.#drop(err);
        throw err;
      }
      if (chunk.length === 0) continue;
      this.#head = chunk;
      const held = chunk.length + this.#held;
      if (held > this.#peak) this.#peak = held;
      return true;
    }
  }
}
