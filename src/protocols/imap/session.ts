/**
 * One IMAP session over a connection: reading commands (lines and literals, with limits), the
 * command table, responses, untagged updates, STARTTLS and shutdown. Commands live in
 * `commands/` (one file per command) and reach the session's state through the members below.
 *
 * @module
 */
import type { Conn } from "../../../runtime/mod.ts";
import type { ImapLimits } from "../../config/imap.ts";
import { BatchWriter, ByteReader, ReadError, type ReadLineResult } from "../../io/mod.ts";
import type { ServiceContext } from "../../services/types.ts";
import type { Store } from "../../store/mod.ts";
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

/** Thrown through the session when the service stops; answered with BYE. */
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

/** What reading the next command produced. */
type Incoming =
  | { kind: "command"; command: ImapCommand }
  /** Refused while reading (syntax, limits); `tag` when known. */
  | { kind: "refused"; tag: string | null; error: ImapError }
  | { kind: "eof" };

/** One IMAP conversation. Create, then `run()` once. */
export class ImapSession {
  conn: Conn;
  readonly ctx: ServiceContext;
  readonly store: ImapStore;
  readonly limits: ImapLimits;
  reader: ByteReader;
  out: BatchWriter;
  state: ImapState = { kind: "notAuthenticated" };
  /** ENABLEd extensions (CONDSTORE, QRESYNC, IMAP4rev2). */
  readonly enabled = new Set<string>();
  /** The client used a CONDSTORE feature (RFC 7162 3.1: implicit enable). */
  condstoreUsed = false;
  authFailures = 0;
  badCommands = 0;
  /** Commands read before a successful login (toward `maxCommandsBeforeAuth`); never reset. */
  commandsBeforeAuth = 0;
  /** End after the response being written (LOGOUT, a limit, a failed TLS handshake). */
  ending = false;

  constructor(conn: Conn, ctx: ServiceContext, o: ImapSessionOptions) {
    this.conn = conn;
    this.ctx = ctx;
    this.store = o.store;
    this.limits = o.limits;
    this.reader = new ByteReader(conn.readable);
    this.out = new BatchWriter(conn.writable);
  }

  /** TLS is in force (implicit, or after STARTTLS). */
  get secure(): boolean {
    return this.conn.secure;
  }

  /** LOGIN and AUTHENTICATE are allowed: under TLS, or in clear only when the operator allowed it. */
  get authAvailable(): boolean {
    return this.secure || this.limits.allowPlaintextAuth;
  }

  /** STARTTLS is offered: a STARTTLS service, not yet under TLS, with a certificate. */
  get startTlsAvailable(): boolean {
    return this.ctx.settings.tls === "starttls" && !this.secure && this.ctx.tls !== undefined;
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

  /** Queue bytes; resolves when they could be handed on (await it: backpressure). */
  write(data: string | Uint8Array): Promise<void> | undefined {
    try {
      return this.out.write(data)?.catch(gone);
    } catch (err) {
      return gone(err);
    }
  }

  /** Queue `* text`. */
  untagged(text: string): Promise<void> | undefined {
    return this.write(`* ${text}\r\n`);
  }

  /** Hand queued responses to the connection. */
  flush(): Promise<void> {
    return this.out.flush().catch(gone);
  }

  /** `p`, unless the service stops first (then the session says BYE and ends). */
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
   * The next line from the client: at once when it is already buffered (pipelining: its answer
   * joins the batch), else after flushing the responses so far. A line longer than `max` is
   * reported as soon as the limit is passed (`too-long`), the rest unread: the caller answers and
   * closes, since the tail may announce a literal.
   */
  async readLine(max: number): Promise<ReadLineResult | null> {
    const ready = this.reader.tryReadLine(max);
    if (ready !== undefined) return ready;
    await this.flush();
    return this.guard(this.reader.readLine(max, { stopAtLimit: true }));
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
  }

  /** Runs the session to its end. Never throws for anything the peer does. */
  async run(): Promise<void> {
    const signal = this.ctx.signal;
    try {
      if (signal.aborted) throw SHUTDOWN;
      await this.untagged(`OK [CAPABILITY ${this.capabilities().join(" ")}] ${this.ctx.hostname} wrenmail IMAP4rev2 ready`);
      while (!this.ending) {
        if (signal.aborted) throw SHUTDOWN;
        const r = await this.#readCommand();
        if (r.kind === "eof") break;
        if (await this.#tooManyBeforeAuth()) break;
        if (r.kind === "refused") await this.#refuse(r.tag, r.error, undefined);
        else await this.#dispatch(r.command);
      }
      await this.#close();
    } catch (err) {
      if (err === SHUTDOWN) {
        await this.#farewell("server shutting down", "UNAVAILABLE");
      } else if (!(err instanceof ReadError) && !(err instanceof PeerGone)) {
        this.log("error", `session failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
        await this.#farewell("internal server error, closing connection", "SERVERBUG");
      }
    } finally {
      if (this.state.kind === "selected") this.state.box.close();
      this.state = { kind: "logout" };
      this.conn.close();
    }
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

  async #close(): Promise<void> {
    try {
      await this.out.close();
    } catch {
      // The peer left first, or the writer went with a failed TLS handshake.
    }
  }

  async #farewell(text: string, code: string): Promise<void> {
    try {
      await this.untagged(`BYE [${code}] ${text}`);
    } catch {
      // Writer unusable (released for STARTTLS, or failed): nothing more can be said.
    }
    await this.#close();
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
