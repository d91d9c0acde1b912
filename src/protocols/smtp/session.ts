/**
 * One SMTP session over a connection: the read loop, replies, limits, STARTTLS and shutdown.
 * Commands live in `commands/` (one file per command) and reach the session's state through
 * the members below; the command table decides which may run in which state.
 * The I/O plumbing (batched writes, reads, shutdown, the TLS switch, the loop) is {@link LineSession}.
 *
 * @module
 */
import type { Conn } from "../../../runtime/mod.ts";
import type { SmtpLimits } from "../../config/smtp.ts";
import type { ReadLineResult } from "../../io/mod.ts";
import type { ServiceContext } from "../../services/types.ts";
import { type FarewellReason, LineSession } from "../session-io.ts";
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

/** One SMTP conversation. Create, then `run()` once. */
export class SmtpSession extends LineSession {
  readonly backend: SmtpBackend;
  readonly limits: SmtpLimits;
  readonly now: () => Date;
  readonly newId: () => string;
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

  constructor(conn: Conn, ctx: ServiceContext, o: SessionOptions) {
    super(conn, ctx);
    this.backend = o.backend;
    this.limits = o.limits;
    this.now = o.now;
    this.newId = o.newId;
  }

  /** submission and smtps take mail only from authenticated users (RFC 6409 §4.3, RFC 8314). */
  get requiresAuth(): boolean {
    return this.ctx.name !== "smtp";
  }

  /** AUTH is offered: under TLS, or in clear only when the operator allowed it. */
  get authAvailable(): boolean {
    return this.secure || this.limits.allowPlaintextAuth;
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
    return this.write(formatReply(r));
  }

  /** Queue a one-line reply. */
  reply(code: number, enhanced: string | undefined, text: string): Promise<void> | undefined {
    return this.send({ code, enhanced, lines: [text] });
  }

  /** Drop the mail transaction (RSET, EHLO, after a message); before HELO the state stays. */
  resetTransaction(): void {
    if (this.state.kind !== "connected") this.state = { kind: "ready" };
  }

  /**
   * Switch to TLS after "220 ready to start TLS" (RFC 3207): replies flushed, plaintext the client
   * pipelined after STARTTLS dropped (CVE-2011-0411), and everything learnt before forgotten.
   */
  async upgrade(): Promise<void> {
    if (!(await this.switchToTls("STARTTLS"))) return;
    this.state = { kind: "connected" };
    this.helo = undefined;
    this.esmtp = false;
    this.identity = undefined;
  }

  protected async greet(): Promise<void> {
    await this.reply(220, undefined, `${this.ctx.hostname} ESMTP wrenmail`);
  }

  protected async step(): Promise<boolean> {
    const line = await this.readLine(Math.max(this.limits.maxLineLength, AUTH_LINE_MAX));
    if (line === null) return false;
    await this.#dispatch(line);
    return true;
  }

  /** 421: 4.3.2 when the service stops, 4.3.0 after a local error. */
  protected farewell(why: FarewellReason): Promise<void> | undefined {
    return why === "shutdown"
      ? this.reply(421, "4.3.2", `${this.ctx.hostname} service shutting down`)
      : this.reply(421, "4.3.0", `${this.ctx.hostname} local error, closing connection`);
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
}
