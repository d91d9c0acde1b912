/**
 * One POP3 session over a connection: the read loop, replies, limits, STLS, the maildrop lock and
 * shutdown. Commands live in `commands/` (one file per command) and reach the session through the
 * members below; the command table decides which may run in which state.
 * The I/O plumbing (batched writes, reads, shutdown, the TLS switch, the loop) is {@link LineSession}.
 *
 * @module
 */
import type { Conn } from "../../../runtime/mod.ts";
import type { Pop3Limits } from "../../config/pop3.ts";
import { DotStuffer, type ReadLineResult } from "../../io/mod.ts";
import type { ServiceContext } from "../../services/types.ts";
import { type FarewellReason, LineSession } from "../session-io.ts";
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

/** One POP3 conversation. Create, then `run()` once. */
export class Pop3Session extends LineSession {
  readonly backend: Pop3Backend;
  readonly limits: Pop3Limits;
  readonly locks: MaildropLocks;
  state: Pop3State = { kind: "authorization" };
  /** Bad commands so far (toward `maxErrors`). */
  errors = 0;
  authFailures = 0;
  /** The verb being run, for the log. */
  verb = "";
  /** Releases the maildrop lock; set while logged in. */
  #unlock: (() => void) | undefined;

  constructor(conn: Conn, ctx: ServiceContext, o: SessionOptions) {
    super(conn, ctx);
    this.backend = o.backend;
    this.limits = o.limits;
    this.locks = o.locks;
  }

  /** USER/PASS and AUTH are accepted: under TLS, or in clear only when the operator allowed it. */
  get loginAvailable(): boolean {
    return this.secure || this.limits.allowPlaintextAuth;
  }

  /** Queue `+OK text`. */
  ok(text: string): Promise<void> | undefined {
    return this.write(formatOk(text));
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

  /** The next line from the client, at most `max` bytes (a command line by default). */
  override readLine(max = MAX_LINE_LENGTH): Promise<ReadLineResult | null> {
    return super.readLine(max);
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
    if (await this.switchToTls("STLS")) this.state = { kind: "authorization" };
  }

  protected async greet(): Promise<void> {
    await this.ok(`${this.ctx.hostname} POP3 server ready`);
  }

  protected async step(): Promise<boolean> {
    const line = await this.readLine();
    if (line === null) return false;
    await this.#dispatch(line);
    return true;
  }

  /** -ERR [SYS/TEMP]: the client may come back later. */
  protected farewell(why: FarewellReason): Promise<void> | undefined {
    const text = why === "shutdown" ? "service shutting down" : "local error, closing connection";
    return this.write(formatErr("SYS/TEMP", `${this.ctx.hostname} ${text}`));
  }

  protected override cleanup(): void {
    if (this.state.kind === "transaction") {
      // No QUIT: RFC 1939 §6 says nothing is deleted; say so, so a "lost" deletion is explained.
      const marked = this.state.drop.deletedUids().length;
      this.log("info", `session ended without QUIT${marked ? `: ${marked} messages marked for deletion are kept` : ""}`);
    }
    this.releaseMaildrop();
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
}
