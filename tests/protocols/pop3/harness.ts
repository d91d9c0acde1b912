/**
 * Runs the POP3 handler over an in-memory connection with a fake backend, for session tests, and
 * reads its answers the way a POP3 client does: status lines, and multi-line bodies up to the
 * lone "." with the dot-stuffing undone.
 */
import type { TlsOptions } from "../../../runtime/mod.ts";
import { defaultService, type ServiceName, type TlsMode } from "../../../src/config/mod.ts";
import { DEFAULT_POP3_LIMITS, type Pop3Limits } from "../../../src/config/pop3.ts";
import { createLogger } from "../../../src/log/logger.ts";
import type { MaildropLocks } from "../../../src/protocols/pop3/lock.ts";
import { createPop3Handler } from "../../../src/protocols/pop3/server.ts";
import type { ServiceContext } from "../../../src/services/types.ts";
import { type MemClient, memConn } from "../../helpers/mem-conn.ts";
import { FakeBackend } from "./fake-backend.ts";

export const HOST = "pop.example.test";

export interface SessionOptions {
  service?: ServiceName;
  /** The service's TLS mode (default starttls for pop3, implicit for pop3s). */
  tls?: TlsMode;
  limits?: Partial<Pop3Limits>;
  backend?: FakeBackend;
  /** Share locks between sessions as one handler does. */
  handler?: ReturnType<typeof createPop3Handler>;
  locks?: MaildropLocks;
  failTls?: boolean;
  onStartTls?: (tls: TlsOptions) => void;
}

export interface TestSession {
  client: MemClient;
  backend: FakeBackend;
  logs: string[];
  /** Settles when the handler returned. */
  done: Promise<void>;
  abort: AbortController;
  greeting: string;
  /** Send one line (CRLF added) and read the status line. */
  cmd(line: string): Promise<string>;
  /** Send one line and read a multi-line answer: the status line, then the body (unstuffed) or null after -ERR. */
  multi(line: string): Promise<{ status: string; body: string | null }>;
  /** Send raw bytes, no CRLF added. */
  send(raw: string | Uint8Array): Promise<void>;
  /** The next status line (without CRLF). */
  line(): Promise<string>;
  /** The body of a multi-line answer whose status line was read, unstuffed, terminator removed. */
  body(): Promise<string>;
  /** USER/PASS (plaintext allowed or after TLS); returns the PASS answer. */
  login(user?: string, pass?: string): Promise<string>;
  /** STLS and the client's half of the upgrade. */
  tls(): Promise<void>;
}

/** A handler with its backend, to run several sessions against one set of locks. */
export function handlerFor(backend: FakeBackend, limits: Partial<Pop3Limits> = {}) {
  return createPop3Handler({ backend, limits: { ...DEFAULT_POP3_LIMITS, authFailureDelayMs: 0, ...limits } });
}

/** Start a session and read its greeting. */
export async function startSession(o: SessionOptions = {}): Promise<TestSession> {
  const service = o.service ?? "pop3";
  const tls = o.tls ?? (service === "pop3s" ? "implicit" : "starttls");
  const backend = o.backend ?? new FakeBackend();
  const logs: string[] = [];
  const abort = new AbortController();
  const ctx: ServiceContext = {
    name: service,
    protocol: "pop3",
    settings: { ...defaultService(service), tls },
    hostname: HOST,
    tls: tls === "none" ? undefined : { cert: "fake cert", key: "fake key" },
    log: createLogger({ write: (l) => logs.push(l) }),
    signal: abort.signal,
  };
  const { conn, client } = memConn({ secure: tls === "implicit", local: { address: "127.0.0.1", port: 110 }, failTls: o.failTls, onStartTls: o.onStartTls });
  const handler = o.handler ??
    createPop3Handler({ backend, limits: { ...DEFAULT_POP3_LIMITS, authFailureDelayMs: 0, ...o.limits }, locks: o.locks });
  const done = handler(conn, ctx);
  done.catch(() => {});
  let cursor = 0;

  /** Wait until `test` finds what it needs in the unread text; it returns [value, consumed] or null. */
  async function take<T>(test: (text: string) => [T, number] | null, what: string): Promise<T> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const r = test(client.received().slice(cursor));
      if (r) {
        cursor += r[1];
        return r[0];
      }
      if (client.isClosed()) throw new Error(`connection closed while waiting for ${what}; pending ${JSON.stringify(client.received().slice(cursor))}`);
      if (Date.now() > deadline) throw new Error(`no ${what} within 10 s; pending ${JSON.stringify(client.received().slice(cursor))}`);
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  const s: TestSession = {
    client,
    backend,
    logs,
    done,
    abort,
    greeting: "",
    line: () =>
      take((t) => {
        const i = t.indexOf("\r\n");
        return i < 0 ? null : [t.slice(0, i), i + 2];
      }, "status line"),
    body: () =>
      take((t) => {
        const end = t.startsWith(".\r\n") ? 0 : t.indexOf("\r\n.\r\n");
        if (end < 0) return null;
        const raw = end === 0 ? "" : t.slice(0, end + 2);
        return [raw.replace(/^\./gm, ""), end === 0 ? 3 : end + 5];
      }, "multi-line body"),
    async cmd(line) {
      await client.write(line + "\r\n");
      return s.line();
    },
    async multi(line) {
      const status = await s.cmd(line);
      return { status, body: status.startsWith("+OK") ? await s.body() : null };
    },
    send: (raw) => client.write(raw),
    async login(user = "alice@example.test", pass = "correct horse") {
      const u = await s.cmd(`USER ${user}`);
      if (!u.startsWith("+OK")) return u;
      return s.cmd(`PASS ${pass}`);
    },
    async tls() {
      const r = await s.cmd("STLS");
      if (!r.startsWith("+OK")) throw new Error(`STLS refused: ${r}`);
      await client.startTls();
    },
  };
  s.greeting = await s.line();
  return s;
}

/** base64 of `authzid\0user\0pass` (UTF-8). */
export function plain(user: string, pass: string, authzid = ""): string {
  let bin = "";
  for (const b of new TextEncoder().encode(`${authzid}\0${user}\0${pass}`)) bin += String.fromCharCode(b);
  return btoa(bin);
}
