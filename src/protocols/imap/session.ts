/**
 * One IMAP session over a connection: reading commands (lines and literals, with limits), the
 * command table, responses, untagged updates, STARTTLS and shutdown. Commands live in
 * `commands/` (one file per command) and reach the session's state through the members below.
 * The I/O plumbing (batched writes, reads, shutdown, the TLS switch, the loop) is {@link LineSession}.
 *
 * @module
 */
import type { Conn } from "../../../runtime/mod.ts";
import type { ImapLimits } from "../../config/imap.ts";
import type { ReadLineResult } from "../../io/mod.ts";
import type { ServiceContext } from "../../services/types.ts";
import type { Store } from "../../store/mod.ts";
import { type FarewellReason, LineSession } from "../session-io.ts";
import { capabilities } from "./capabilities.ts";
import { COMMANDS } from "./commands/table.ts";
import type { ImapCommandSpec } from "./commands/types.ts";
import { bad, ImapError, no, statusLine } from "./response.ts";
import type { ImapState } from "./state.ts";
import { deliverUpdates } from "./updates.ts";
import { CommandParser, DEFAULT_PARSER_LIMITS } from "./wire/parser.ts";
import type { ImapCommand } from "./wire/types.ts";

/** The parts of the store a session uses. */
export type ImapStore = Pick<Store, "accounts" | "mailboxes" | "messages" | "changes" | "blobs" | "write">;

/** What a session needs besides its connection and service. */
export interface ImapSessionOptions {
  store: ImapStore;
  limits: ImapLimits;
}

// Shared with the other line protocols; still exported here for whoever imported them from this module.
export { PeerGone, SHUTDOWN } from "../session-io.ts";

/** What reading the next command produced. */
type Incoming =
  | { kind: "command"; command: ImapCommand }
  /** Refused while reading (syntax, limits); `tag` when known. */
  | { kind: "refused"; tag: string | null; error: ImapError }
  | { kind: "eof" };

/** One IMAP conversation. Create, then `run()` once. */
export class ImapSession extends LineSession {
  readonly store: ImapStore;
  readonly limits: ImapLimits;
  state: ImapState = { kind: "notAuthenticated" };
  /** ENABLEd extensions (CONDSTORE, QRESYNC, IMAP4rev2). */
  readonly enabled = new Set<string>();
  /** The client used a CONDSTORE feature (RFC 7162 3.1: implicit enable). */
  condstoreUsed = false;
  authFailures = 0;
  badCommands = 0;
  /** Commands read before a successful login (toward `maxCommandsBeforeAuth`); never reset. */
  commandsBeforeAuth = 0;

  constructor(conn: Conn, ctx: ServiceContext, o: ImapSessionOptions) {
    super(conn, ctx);
    this.store = o.store;
    this.limits = o.limits;
  }

  /** LOGIN and AUTHENTICATE are allowed: under TLS, or in clear only when the operator allowed it. */
  get authAvailable(): boolean {
    return this.secure || this.limits.allowPlaintextAuth;
  }

  /** MODSEQ goes into FETCH responses (CONDSTORE enabled or used, or QRESYNC). */
  get condstore(): boolean {
    return this.condstoreUsed || this.enabled.has("CONDSTORE") || this.enabled.has("QRESYNC");
  }

  get qresync(): boolean {
    return this.enabled.has("QRESYNC");
  }

  /** IMAP4rev2 rules (ENABLE IMAP4rev2): UTF-8 names, no RECENT, ESEARCH answers. */
  get rev2(): boolean {
    return this.enabled.has("IMAP4rev2");
  }

  /** Mailbox names and strings are UTF-8 (IMAP4rev2 or UTF8=ACCEPT), not modified UTF-7. */
  get utf8(): boolean {
    return this.rev2 || this.enabled.has("UTF8=ACCEPT");
  }

  /** The logged-in user; throws when there is none (the table keeps that from happening). */
  get user(): { accountId: number; address: string } {
    const st = this.state;
    if (st.kind !== "authenticated" && st.kind !== "selected") throw no("not logged in");
    return st.user;
  }

  /** Queue `* text`. */
  untagged(text: string): Promise<void> | undefined {
    return this.write(`* ${text}\r\n`);
  }

  /**
   * The next line from the client: at once when it is already buffered (pipelining: its answer
   * joins the batch), else after flushing the responses so far. A line longer than `max` is
   * reported as soon as the limit is passed (`too-long`), the rest unread: the caller answers and
   * closes, since the tail may announce a literal.
   */
  override readLine(max: number): Promise<ReadLineResult | null> {
    return super.readLine(max, { stopAtLimit: true });
  }

  /** Log under the service's name, with the client's address and, once logged in, the user. */
  override log(level: "info" | "warn" | "error", message: string, fields?: Record<string, unknown>): void {
    const who = this.state.kind === "authenticated" || this.state.kind === "selected" ? ` ${this.state.user.address}` : "";
    this.ctx.log[level](this.ctx.name, `${this.conn.remote.address}${who}: ${message}`, fields);
  }

  /** The capability list for this session now. */
  capabilities(): string[] {
    return capabilities(this);
  }

  /** Deselect (CLOSE, UNSELECT, SELECT of another mailbox, LOGOUT). */
  deselect(): void {
    if (this.state.kind !== "selected") return;
    this.state.box.close();
    this.state = { kind: "authenticated", user: this.state.user };
  }

  /**
   * Switch to TLS after the tagged OK (RFC 9051 6.2.1): responses flushed, plaintext the client
   * pipelined after STARTTLS dropped and logged (CVE-2011-0411 for IMAP: never answered under TLS).
   */
  async upgrade(): Promise<void> {
    await this.switchToTls("STARTTLS");
  }

  protected async greet(): Promise<void> {
    await this.untagged(`OK [CAPABILITY ${this.capabilities().join(" ")}] ${this.ctx.hostname} wrenmail IMAP4rev2 ready`);
  }

  protected async step(): Promise<boolean> {
    const r = await this.#readCommand();
    if (r.kind === "eof") return false;
    if (await this.#tooManyBeforeAuth()) return false;
    if (r.kind === "refused") await this.#refuse(r.tag, r.error, undefined);
    else await this.#dispatch(r.command);
    return true;
  }

  /** BYE [UNAVAILABLE] when the service stops, BYE [SERVERBUG] after a local error. */
  protected farewell(why: FarewellReason): Promise<void> | undefined {
    return why === "shutdown"
      ? this.untagged("BYE [UNAVAILABLE] server shutting down")
      : this.untagged("BYE [SERVERBUG] internal server error, closing connection");
  }

  protected override cleanup(): void {
    if (this.state.kind === "selected") this.state.box.close();
    this.state = { kind: "logout" };
  }

  /**
   * One command: lines and the literals between them. Limits are checked before a continuation
   * is sent: the line length; each literal against `maxLiteralSize` for APPEND (NO [TOOBIG]) and
   * `maxLineLength` otherwise (BAD); the total of a command's literals against the same. A
   * non-synchronising literal that is too big is refused and the connection closed, since its
   * bytes are on their way and cannot be told apart from commands.
   */
  async #readCommand(): Promise<Incoming> {
    const parser = new CommandParser(DEFAULT_PARSER_LIMITS);
    const { maxLineLength, maxLiteralSize } = this.limits;
    let lineBudget = maxLineLength;
    let literalBudget: number | null = null;
    for (;;) {
      const line = await this.readLine(lineBudget);
      if (line === null) return { kind: "eof" };
      if (line.kind === "too-long") {
        // The tail of the line (where a literal would be announced) is gone: the only safe
        // answer is to stop reading this connection.
        this.log("warn", `closing: command line of ${line.length} bytes is longer than ${maxLineLength}`);
        return { kind: "refused", tag: parser.tag, error: bad(`command line too long (at most ${maxLineLength} bytes)`, { code: "TOOBIG", close: true }) };
      }
      // A command cut off by the end of the stream: the client is gone.
      if (line.ending === "eof") return { kind: "eof" };
      lineBudget -= line.bytes.length;
      const step = parser.line(line.bytes);
      if (step.kind === "command") return step;
      if (step.kind === "error") {
        // A non-synchronising literal announced at the end of a line that did not parse is on
        // its way regardless; its bytes must not be read as commands.
        const close = endsWithLiteralPlus(line.bytes);
        if (close) this.log("warn", "closing: syntax error before a non-synchronising literal");
        return { kind: "refused", tag: step.tag, error: bad(step.message, { close }) };
      }
      // Only a logged-in APPEND may send a message-sized literal: before login, anything the
      // client sends is bounded by the line length.
      const append = parser.name === "APPEND" && (this.state.kind === "authenticated" || this.state.kind === "selected");
      literalBudget ??= append ? maxLiteralSize + maxLineLength : maxLineLength;
      const max = Math.min(append ? maxLiteralSize : maxLineLength, literalBudget);
      if (step.size < 0 || step.size > max) {
        const size = step.size < 0 ? "absurdly large" : `${step.size}-byte`;
        const text = `${size} literal refused (at most ${max} bytes${append ? "" : " outside APPEND"})`;
        if (!step.sync) {
          this.log("warn", `closing: non-synchronising ${text}`);
          return { kind: "refused", tag: parser.tag, error: bad(text, { close: true }) };
        }
        this.log("info", text);
        return { kind: "refused", tag: parser.tag, error: append ? no(text, { code: "TOOBIG" }) : bad(text) };
      }
      literalBudget -= step.size;
      if (step.sync) {
        await this.write("+ Ready for literal data\r\n");
        await this.flush();
      }
      const bytes = await this.guard(this.reader.readExact(step.size));
      parser.literal(bytes);
    }
  }

  async #dispatch(cmd: ImapCommand): Promise<void> {
    const spec = COMMANDS.get(cmd.name);
    try {
      if (!spec) throw bad(`unknown command ${cmd.name.slice(0, 32)}`);
      if (cmd.uid && !spec.uid) throw bad(`UID ${cmd.name} is not a command`);
      if (!spec.states.includes(this.state.kind)) throw bad(wrongState(this, spec));
      // FETCH, STORE and SEARCH cannot report expunges afterwards; telling them the new messages
      // and flag changes first at least lets them see those (allowed at any time).
      if (spec.holdExpunges) await deliverUpdates(this, { expunges: false });
      const ok = await spec.run(this, cmd);
      if (this.state.kind === "logout" || ok?.answered) return;
      await deliverUpdates(this, { expunges: !spec.holdExpunges });
      await this.write(statusLine(cmd.tag, "OK", ok?.text ?? `${cmd.uid ? "UID " : ""}${cmd.name} completed`, ok?.code));
    } catch (err) {
      if (!(err instanceof ImapError)) throw err;
      await this.#refuse(cmd.tag, err, spec);
    }
  }

  /** Answer a refusal and apply the limits it counts toward. */
  async #refuse(tag: string | null, e: ImapError, spec: ImapCommandSpec | undefined): Promise<void> {
    if (e.status === "NO" && spec) await deliverUpdates(this, { expunges: !spec.holdExpunges });
    await this.write(statusLine(tag ?? "*", e.status, e.text, e.code));
    // Every refusal is logged; the internal reason, when there is one, only here.
    this.log("info", `${spec?.name ?? "command"} refused: ${e.status}${e.code ? ` [${e.code}]` : ""} ${e.text}${e.internal ? ` (${e.internal})` : ""}`);
    if (e.close) {
      await this.untagged("BYE closing connection");
      this.ending = true;
      return;
    }
    if (e.status === "BAD" && ++this.badCommands >= this.limits.maxErrors) {
      this.log("warn", `closing after ${this.badCommands} bad commands`);
      await this.untagged("BYE too many invalid commands");
      this.ending = true;
    }
  }

  /**
   * Count a command read before login; past `maxCommandsBeforeAuth` it is not run: BYE and close.
   * Every command counts, valid or not, so NOOP or CAPABILITY loops cannot hold an anonymous
   * connection open past the idle timeout.
   */
  async #tooManyBeforeAuth(): Promise<boolean> {
    if (this.state.kind !== "notAuthenticated") return false;
    const max = this.limits.maxCommandsBeforeAuth;
    if (++this.commandsBeforeAuth <= max) return false;
    this.log("warn", `closing: more than ${max} commands without logging in`);
    await this.untagged("BYE too many commands without logging in");
    this.ending = true;
    return true;
  }
}

/** The line ends with `{n+}` or `{n-}` (LITERAL+ / LITERAL-). */
function endsWithLiteralPlus(b: Uint8Array): boolean {
  let i = b.length - 1;
  if (b[i] !== 0x7d || (b[i - 1] !== 0x2b && b[i - 1] !== 0x2d)) return false;
  i -= 2;
  const end = i;
  while (i >= 0 && b[i]! >= 0x30 && b[i]! <= 0x39) i--;
  return i < end && b[i] === 0x7b;
}

/** Why a command cannot run in this state. */
function wrongState(s: ImapSession, spec: ImapCommandSpec): string {
  switch (s.state.kind) {
    case "notAuthenticated":
      return `${spec.name} is not allowed before LOGIN or AUTHENTICATE`;
    case "authenticated":
      return spec.states.includes("selected") ? `${spec.name} needs a selected mailbox (SELECT first)` : `${spec.name} is only allowed before login`;
    default:
      return `${spec.name} is not allowed now`;
  }
}
