/**
 * What SMTP, POP3 and IMAP sessions share: a line-oriented conversation over one connection —
 * batched writes that turn a failed write into "the peer is gone", reads that flush first and
 * give way when the service stops, the in-place STARTTLS upgrade, and the read loop with its
 * goodbye. Each protocol subclasses {@link LineSession} and supplies its greeting, one command
 * step and its own wording for the goodbye.
 *
 * @module
 */
import type { Conn } from "../../runtime/mod.ts";
import { BatchWriter, ByteReader, ReadError, type ReadLineResult } from "../io/mod.ts";
import type { ServiceContext } from "../services/types.ts";

/** Thrown through a session when the service stops; answered with the protocol's goodbye. */
export const SHUTDOWN = Symbol("shutdown");

/** A write failed: the client is gone, so the session ends without a word. */
export class PeerGone extends Error {
  constructor(cause: unknown) {
    super("the connection is gone", { cause });
    this.name = "PeerGone";
  }
}

const gone = (err: unknown): never => {
  throw new PeerGone(err);
};

/** Why a session says goodbye before closing. */
export type FarewellReason = "shutdown" | "failure";

/** One line-protocol conversation. Create, then `run()` once. */
export abstract class LineSession {
  conn: Conn;
  readonly ctx: ServiceContext;
  reader: ByteReader;
  out: BatchWriter;
  /** End after the reply being written (QUIT/LOGOUT, a limit, a failed TLS handshake). */
  ending = false;

  constructor(conn: Conn, ctx: ServiceContext) {
    this.conn = conn;
    this.ctx = ctx;
    this.reader = new ByteReader(conn.readable);
    this.out = new BatchWriter(conn.writable);
  }

  /** Send the greeting. */
  protected abstract greet(): Promise<void>;
  /** Read and answer one command; false when the client is gone. */
  protected abstract step(): Promise<boolean>;
  /** Queue the protocol's goodbye (421, -ERR, BYE) before the connection closes. */
  protected abstract farewell(why: FarewellReason): Promise<void> | undefined;
  /** Release what the session holds; runs however the session ends, before the connection closes. */
  protected cleanup(): void {}

  /** TLS is in force (implicit, or after STARTTLS). */
  get secure(): boolean {
    return this.conn.secure;
  }

  /** STARTTLS is offered: a STARTTLS service, not yet under TLS, with a certificate. */
  get startTlsAvailable(): boolean {
    return this.ctx.settings.tls === "starttls" && !this.secure && this.ctx.tls !== undefined;
  }

  /** Queue bytes or text; the batch is flushed when the client's input runs dry. Await it: backpressure. */
  write(data: string | Uint8Array): Promise<void> | undefined {
    try {
      return this.out.write(data)?.catch(gone);
    } catch (err) {
      return gone(err);
    }
  }

  /** Hand queued replies to the connection (before waiting on the client). */
  flush(): Promise<void> {
    return this.out.flush().catch(gone);
  }

  /** `p`, unless the service stops first (then the session says goodbye and ends). */
  guard<T>(p: Promise<T>): Promise<T> {
    const signal = this.ctx.signal;
    // A listener per wait, removed after it: racing one shared promise would keep a reaction
    // per read alive for the whole session.
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(SHUTDOWN);
      if (signal.aborted) onAbort();
      else signal.addEventListener("abort", onAbort, { once: true });
      p.then(
        (v) => {
          signal.removeEventListener("abort", onAbort);
          resolve(v);
        },
        (e) => {
          signal.removeEventListener("abort", onAbort);
          reject(e);
        },
      );
    });
  }

  /**
   * The next line from the client: at once when it is already buffered (pipelining: its reply
   * joins the batch), else after flushing the replies so far.
   */
  async readLine(max: number, o: { stopAtLimit?: boolean } = {}): Promise<ReadLineResult | null> {
    const ready = this.reader.tryReadLine(max);
    if (ready !== undefined) return ready;
    await this.flush();
    return this.guard(this.reader.readLine(max, o));
  }

  /** Wait `ms`, or less when the service stops. */
  async pause(ms: number): Promise<void> {
    if (ms <= 0) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await this.guard(new Promise<void>((r) => (timer = setTimeout(r, ms))));
    } finally {
      clearTimeout(timer);
    }
  }

  /** Log under the service's name, with the client's address. */
  log(level: "info" | "warn" | "error", message: string, fields?: Record<string, unknown>): void {
    this.ctx.log[level](this.ctx.name, `${this.conn.remote.address}: ${message}`, fields);
  }

  /**
   * The TLS switch after the protocol's go-ahead: replies flushed, plaintext the client pipelined
   * after `command` dropped and logged (the CVE-2011-0411 class of injection: never answered under
   * TLS), then a new reader and writer on the TLS connection. False when the handshake failed
   * (the session ends); the caller forgets what it learnt in clear only on true.
   */
  protected async switchToTls(command: string): Promise<boolean> {
    await this.out.release().catch(gone);
    const dropped = this.reader.release();
    if (dropped > 0) this.log("warn", `dropped ${dropped} bytes pipelined after ${command}`);
    try {
      this.conn = await this.guard(this.conn.startTls(this.ctx.tls!));
    } catch (err) {
      if (err === SHUTDOWN) throw err;
      this.log("info", `TLS handshake failed: ${err instanceof Error ? err.message : String(err)}`);
      this.ending = true;
      return false;
    }
    this.reader = new ByteReader(this.conn.readable);
    this.out = new BatchWriter(this.conn.writable);
    return true;
  }

  /** Runs the session to its end. Never throws for anything the peer does. */
  async run(): Promise<void> {
    const signal = this.ctx.signal;
    try {
      if (signal.aborted) throw SHUTDOWN;
      await this.greet();
      while (!this.ending) {
        if (signal.aborted) throw SHUTDOWN;
        if (!(await this.step())) break;
      }
      await this.#close();
    } catch (err) {
      if (err === SHUTDOWN) {
        await this.#sayGoodbye("shutdown");
      } else if (!(err instanceof ReadError) && !(err instanceof PeerGone)) {
        this.log("error", `session failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
        await this.#sayGoodbye("failure");
      }
    } finally {
      this.cleanup();
      this.conn.close();
    }
  }

  async #close(): Promise<void> {
    try {
      await this.out.close();
    } catch {
      // The peer left first, or the writer went with a failed TLS handshake.
    }
  }

  async #sayGoodbye(why: FarewellReason): Promise<void> {
    try {
      await this.farewell(why);
    } catch {
      // Writer unusable (released for STARTTLS, or failed): nothing more can be said.
    }
    await this.#close();
  }
}
