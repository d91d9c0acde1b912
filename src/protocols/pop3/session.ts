/**
 * One POP3 session over a connection: the read loop, replies, limits, STLS, the maildrop lock and
 * shutdown. Commands live in `commands/` (one file per command) and reach the session through the
 * members below; the command table decides which may run in which state.
 *
 * @module
 */
import type { Conn } from "../../../runtime/mod.ts";
import type { Pop3Limits } from "../../config/pop3.ts";
import { BatchWriter, ByteReader, DotStuffer, ReadError, type ReadLineResult } from "../../io/mod.ts";
import type { ServiceContext } from "../../services/types.ts";
import type { Pop3Backend } from "./backend.ts";
import { COMMANDS, outOfSequence } from "./commands/table.ts";
import type { MaildropLocks } from "./lock.ts";
import { parseCommandLine } from "./parser.ts";
import { badCommand, formatErr, formatOk, Pop3Error } from "./reply.ts";
import type { Pop3State } from "./state.ts";

/**
 * Longest line we read, line end not counted. RFC 2449 §4 caps commands at 255 octets, but a PASS
 * with a long UTF-8 password (the store takes 1,024 characters) or an AUTH PLAIN response for one
 * is longer; 8 KiB holds both with room to spare and bounds what a client can make us buffer.
 */
export const MAX_LINE_LENGTH = 8192;

/** Message bytes handed to the connection per write: big enough to pass the batch buffer untouched. */
const BODY_CHUNK = 64 * 1024;

/** What a session needs besides its connection and service. */
export interface SessionOptions {
  backend: Pop3Backend;
  limits: Pop3Limits;
  /** Shared by every session of the handler (pop3 and pop3s). */
  locks: MaildropLocks;
}

/** Thrown through the session when the service stops; answered with -ERR [SYS/TEMP]. */
const SHUTDOWN = Symbol("shutdown");

/** A write failed: the client is gone, so the session ends without a word. */
class PeerGone extends Error {
  constructor(cause: unknown) {
    super("the connection is gone", { cause });
    this.name = "PeerGone";
  }
}

const gone = (err: unknown): never => {
  throw new PeerGone(err);
};

/** One POP3 conversation. Create, then `run()` once. */
export class Pop3Session {
  conn: Conn;
  readonly ctx: ServiceContext;
  readonly backend: Pop3Backend;
  readonly limits: Pop3Limits;
  readonly locks: MaildropLocks;
  reader: ByteReader;
  out: BatchWriter;
  state: Pop3State = { kind: "authorization" };
  /** Bad commands so far (toward `maxErrors`). */
  errors = 0;
  authFailures = 0;
  /** End after the reply being written (QUIT, a limit, a failed TLS handshake). */
  ending = false;
  /** The verb being run, for the log. */
  verb = "";
  /** Releases the maildrop lock; set while logged in. */
  #unlock: (() => void) | undefined;

  constructor(conn: Conn, ctx: ServiceContext, o: SessionOptions) {
    this.conn = conn;
    this.ctx = ctx;
    this.backend = o.backend;
    this.limits = o.limits;
    this.locks = o.locks;
    this.reader = new ByteReader(conn.readable);
    this.out = new BatchWriter(conn.writable);
  }

  /** TLS is in force (implicit, or after STLS). */
  get secure(): boolean {
    return this.conn.secure;
  }

  /** USER/PASS and AUTH are accepted: under TLS, or in clear only when the operator allowed it. */
  get loginAvailable(): boolean {
    return this.secure || this.limits.allowPlaintextAuth;
  }

  /** STLS is offered: a STARTTLS service, not yet under TLS, with a certificate. */
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

  /** Queue `+OK text`. */
  ok(text: string): Promise<void> | undefined {
    return this.write(formatOk(text));
  }

  /** Hand queued replies to the connection (before waiting on the client). */
  flush(): Promise<void> {
    return this.out.flush().catch(gone);
  }

  /**
   * Send a message (or its TOP prefix) as the body of a multi-line response: dot-stuffed on the
   * way out, in chunks that wait for the client to take the previous ones, then the terminator.
   */
  async sendBody(body: Uint8Array): Promise<void> {
    const stuffer = new DotStuffer();
    for (let i = 0; i < body.length; i += BODY_CHUNK) {
      await this.write(stuffer.push(body.subarray(i, i + BODY_CHUNK)));
    }
    await this.write(stuffer.end());
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
   * The next line from the client: at once when it is already buffered (PIPELINING: its reply
   * joins the batch), else after flushing the replies so far.
   */
  async readLine(max = MAX_LINE_LENGTH): Promise<ReadLineResult | null> {
    const ready = this.reader.tryReadLine(max);
    if (ready !== undefined) return ready;
    await this.flush();
    return this.guard(this.reader.readLine(max));
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

  /** Logged in: the maildrop is locked by this session until it ends, however it ends. */
  enterTransaction(state: Extract<Pop3State, { kind: "transaction" }>, unlock: () => void): void {
    this.#unlock = unlock;
    this.state = state;
  }

  /** Let the next login in (QUIT releases it before answering; the session's end always does). */
  releaseMaildrop(): void {
    this.#unlock?.();
    this.#unlock = undefined;
  }

  /**
   * Switch to TLS after "+OK begin TLS negotiation" (RFC 2595 §4): replies flushed, plaintext the
   * client pipelined after STLS dropped (the CVE-2011-0411 class of injection), and the USER name
   * given before forgotten.
   */
  async upgrade(): Promise<void> {
    await this.out.release().catch(gone);
    const dropped = this.reader.release();
    if (dropped > 0) this.log("warn", `dropped ${dropped} bytes pipelined after STLS`);
    try {
      this.conn = await this.guard(this.conn.startTls(this.ctx.tls!));
    } catch (err) {
      if (err === SHUTDOWN) throw err;
      this.log("info", `TLS handshake failed: ${err instanceof Error ? err.message : String(err)}`);
      this.ending = true;
      return;
    }
    this.reader = new ByteReader(this.conn.readable);
    this.out = new BatchWriter(this.conn.writable);
    this.state = { kind: "authorization" };
  }

  /** Runs the session to its end. Never throws for anything the peer does. */
  async run(): Promise<void> {
    const signal = this.ctx.signal;
    try {
      if (signal.aborted) throw SHUTDOWN;
      await this.ok(`${this.ctx.hostname} POP3 server ready`);
      while (!this.ending) {
        if (signal.aborted) throw SHUTDOWN;
        const line = await this.readLine();
        if (line === null) break;
        await this.#dispatch(line);
      }
      await this.#close();
    } catch (err) {
      if (err === SHUTDOWN) {
        await this.#farewell(`${this.ctx.hostname} service shutting down`);
      } else if (!(err instanceof ReadError) && !(err instanceof PeerGone)) {
        this.log("error", `session failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
        await this.#farewell(`${this.ctx.hostname} local error, closing connection`);
      }
    } finally {
      if (this.state.kind === "transaction") {
        // No QUIT: RFC 1939 §6 says nothing is deleted; say so, so a "lost" deletion is explained.
        const marked = this.state.drop.deletedUids().length;
        this.log("info", `session ended without QUIT${marked ? `: ${marked} messages marked for deletion are kept` : ""}`);
      }
      this.releaseMaildrop();
      this.conn.close();
    }
  }

  async #dispatch(line: ReadLineResult): Promise<void> {
    this.verb = "";
    try {
      if (line.kind === "too-long") throw badCommand(`line too long (at most ${MAX_LINE_LENGTH} bytes)`);
      // A command cut off by the end of the stream: the client is gone.
      if (line.ending === "eof") return void (this.ending = true);
      if (line.bareCr) throw badCommand("bare CR in command: lines end with CRLF");
      const { verb, rest } = parseCommandLine(line.bytes);
      this.verb = verb;
      const cmd = COMMANDS.get(verb);
      if (!cmd) throw badCommand("unknown command");
      if (!cmd.states.includes(this.state.kind)) throw outOfSequence(this, cmd);
      await cmd.run(this, rest);
    } catch (err) {
      if (!(err instanceof Pop3Error)) throw err;
      await this.refuse(err);
    }
  }

  /** Send a refusal, log it, and apply the limits it counts toward. */
  async refuse(e: Pop3Error): Promise<void> {
    await this.write(formatErr(e.code, e.text));
    this.log("info", `refused ${this.verb || "command"}: ${e.message}${e.internal ? ` (${e.internal})` : ""}`);
    if (e.close) {
      this.ending = true;
      return;
    }
    if (e.bad && ++this.errors >= this.limits.maxErrors) {
      this.log("warn", `closing after ${this.errors} bad commands`);
      await this.write(formatErr(undefined, `${this.ctx.hostname} too many bad commands, closing connection`));
      this.ending = true;
    }
  }

  async #close(): Promise<void> {
    try {
      await this.out.close();
    } catch {
      // The peer left first, or the writer went with a failed TLS handshake.
    }
  }

  async #farewell(text: string): Promise<void> {
    try {
      await this.write(formatErr("SYS/TEMP", text));
    } catch {
      // Writer unusable (released for STLS, or failed): nothing more can be said.
    }
    await this.#close();
  }
}
