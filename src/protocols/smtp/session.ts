/**
 * One SMTP session over a connection: the read loop, replies, limits, STARTTLS and shutdown.
 * Commands live in `commands/` (one file per command) and reach the session's state through
 * the members below; the command table decides which may run in which state.
 *
 * @module
 */
import type { Conn } from "../../../runtime/mod.ts";
import type { SmtpLimits } from "../../config/smtp.ts";
import { BatchWriter, ByteReader, ReadError, type ReadLineResult } from "../../io/mod.ts";
import type { ServiceContext } from "../../services/types.ts";
import type { SmtpBackend, SmtpIdentity, SmtpSessionInfo } from "./backend.ts";
import { COMMANDS, outOfSequence } from "./commands/table.ts";
import { parseCommandLine } from "./parser.ts";
import { formatReply, type Reply, SmtpError } from "./reply.ts";
import type { SmtpState } from "./state.ts";

/** RFC 4954 §4: an AUTH command or response line may be this long, whatever the command limit. */
export const AUTH_LINE_MAX = 12288;

/** What a session needs besides its connection and service. */
export interface SessionOptions {
  backend: SmtpBackend;
  limits: SmtpLimits;
  /** Clock for trace headers. */
  now: () => Date;
  /** Queue ids for new transactions. */
  newId: () => string;
}

/** Thrown through the session when the service stops; answered with 421 4.3.2. */
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

/** One SMTP conversation. Create, then `run()` once. */
export class SmtpSession {
  conn: Conn;
  readonly ctx: ServiceContext;
  readonly backend: SmtpBackend;
  readonly limits: SmtpLimits;
  readonly now: () => Date;
  readonly newId: () => string;
  reader: ByteReader;
  out: BatchWriter;
  state: SmtpState = { kind: "connected" };
  /** The HELO/EHLO argument; cleared by STARTTLS. */
  helo: string | undefined;
  /** EHLO (not HELO) was used. */
  esmtp = false;
  identity: SmtpIdentity | undefined;
  /** Bad commands so far (toward `maxErrors`). */
  errors = 0;
  authFailures = 0;
  /** Commands since the session began or the last accepted MAIL (toward `maxCommandsBeforeMail`). */
  commandsSinceMail = 0;
  /** End after the reply being written (QUIT, a limit, a failed TLS handshake). */
  ending = false;

  constructor(conn: Conn, ctx: ServiceContext, o: SessionOptions) {
    this.conn = conn;
    this.ctx = ctx;
    this.backend = o.backend;
    this.limits = o.limits;
    this.now = o.now;
    this.newId = o.newId;
    this.reader = new ByteReader(conn.readable);
    this.out = new BatchWriter(conn.writable);
  }

  /** TLS is in force (implicit, or after STARTTLS). */
  get secure(): boolean {
    return this.conn.secure;
  }

  /** submission and smtps take mail only from authenticated users (RFC 6409 §4.3, RFC 8314). */
  get requiresAuth(): boolean {
    return this.ctx.name !== "smtp";
  }

  /** AUTH is offered: under TLS, or in clear only when the operator allowed it. */
  get authAvailable(): boolean {
    return this.secure || this.limits.allowPlaintextAuth;
  }

  /** STARTTLS is offered: a STARTTLS service, not yet under TLS, with a certificate. */
  get startTlsAvailable(): boolean {
    return this.ctx.settings.tls === "starttls" && !this.secure && this.ctx.tls !== undefined;
  }

  /** What the backend learns about this session. */
  get info(): SmtpSessionInfo {
    return {
      service: this.ctx.name,
      remote: this.conn.remote,
      secure: this.secure,
      ...(this.helo !== undefined ? { helo: this.helo } : {}),
      ...(this.identity ? { identity: this.identity } : {}),
    };
  }

  /** Queue a reply; the batch is flushed when the client's input runs dry. */
  send(r: Reply): Promise<void> | undefined {
    try {
      return this.out.write(formatReply(r))?.catch(gone);
    } catch (err) {
      return gone(err);
    }
  }

  /** Queue a one-line reply. */
  reply(code: number, enhanced: string | undefined, text: string): Promise<void> | undefined {
    return this.send({ code, enhanced, lines: [text] });
  }

  /** Hand queued replies to the connection (before waiting on the client). */
  flush(): Promise<void> {
    return this.out.flush().catch(gone);
  }

  /** `p`, unless the service stops first (then the session says 421 and ends). */
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
  async readLine(max: number): Promise<ReadLineResult | null> {
    const ready = this.reader.tryReadLine(max);
    if (ready !== undefined) return ready;
    await this.flush();
    return this.guard(this.reader.readLine(max));
  }

  /** Drop the mail transaction (RSET, EHLO, after a message); before HELO the state stays. */
  resetTransaction(): void {
    if (this.state.kind !== "connected") this.state = { kind: "ready" };
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

  /** Log under the service's name. */
  log(level: "info" | "warn" | "error", message: string, fields?: Record<string, unknown>): void {
    this.ctx.log[level](this.ctx.name, `${this.conn.remote.address}: ${message}`, fields);
  }

  /**
   * Switch to TLS after "220 ready to start TLS" (RFC 3207): replies flushed, plaintext the client
   * pipelined after STARTTLS dropped (CVE-2011-0411), and everything learnt before forgotten.
   */
  async upgrade(): Promise<void> {
    await this.out.release().catch(gone);
    const dropped = this.reader.release();
    if (dropped > 0) this.log("warn", `dropped ${dropped} bytes pipelined after STARTTLS`);
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
    this.state = { kind: "connected" };
    this.helo = undefined;
    this.esmtp = false;
    this.identity = undefined;
  }

  /** Runs the session to its end. Never throws for anything the peer does. */
  async run(): Promise<void> {
    const signal = this.ctx.signal;
    try {
      if (signal.aborted) throw SHUTDOWN;
      await this.reply(220, undefined, `${this.ctx.hostname} ESMTP wrenmail`);
      const max = Math.max(this.limits.maxLineLength, AUTH_LINE_MAX);
      while (!this.ending) {
        if (signal.aborted) throw SHUTDOWN;
        const line = await this.readLine(max);
        if (line === null) break;
        await this.#dispatch(line);
      }
      await this.#close();
    } catch (err) {
      if (err === SHUTDOWN) {
        await this.#farewell(`${this.ctx.hostname} service shutting down`);
      } else if (!(err instanceof ReadError) && !(err instanceof PeerGone)) {
        this.log("error", `session failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
        await this.#farewell(`${this.ctx.hostname} local error, closing connection`, "4.3.0");
      }
    } finally {
      this.conn.close();
    }
  }

  async #dispatch(line: ReadLineResult): Promise<void> {
    try {
      if (line.kind === "too-long") throw new SmtpError(500, "5.5.2", `line too long (at most ${this.limits.maxLineLength} bytes)`);
      // A command cut off by the end of the stream: the client is gone.
      if (line.ending === "eof") return void (this.ending = true);
      if (line.ending === "lf") throw new SmtpError(500, "5.5.2", "bare LF in command: lines must end with CRLF");
      if (line.bareCr) throw new SmtpError(500, "5.5.2", "bare CR in command: lines must end with CRLF");
      const { verb, args } = parseCommandLine(line.bytes);
      const cmd = COMMANDS.get(verb);
      if (!cmd?.transaction && ++this.commandsSinceMail > this.limits.maxCommandsBeforeMail) {
        this.log("warn", `closing: more than ${this.limits.maxCommandsBeforeMail} commands without a mail transaction`);
        throw new SmtpError(421, "4.7.0", `${this.ctx.hostname} too many commands without mail, closing connection`, { close: true });
      }
      if (!cmd) throw new SmtpError(500, "5.5.1", "command not recognized");
      if (verb !== "AUTH" && line.bytes.length > this.limits.maxLineLength) {
        throw new SmtpError(500, "5.5.2", `line too long (at most ${this.limits.maxLineLength} bytes)`);
      }
      if (!cmd.states.includes(this.state.kind)) throw (cmd.outOfSequence ?? outOfSequence)(this);
      await cmd.run(this, args);
    } catch (err) {
      if (!(err instanceof SmtpError)) throw err;
      await this.refuse(err);
    }
  }

  /** Send a refusal and apply the limits it counts toward. */
  async refuse(e: SmtpError): Promise<void> {
    await this.send(e.reply);
    if (e.internal) this.log("info", e.internal);
    if (e.close) {
      this.ending = true;
      return;
    }
    if (e.bad && ++this.errors >= this.limits.maxErrors) {
      this.log("warn", `closing after ${this.errors} bad commands`);
      await this.reply(421, "4.7.0", `${this.ctx.hostname} too many errors, closing connection`);
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

  async #farewell(text: string, enhanced = "4.3.2"): Promise<void> {
    try {
      await this.reply(421, enhanced, text);
    } catch {
      // Writer unusable (released for STARTTLS, or failed): nothing more can be said.
    }
    await this.#close();
  }
}
