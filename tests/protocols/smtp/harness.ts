/**
 * Runs the SMTP handler over an in-memory connection with a fake backend, for session tests.
 */
import type { TlsOptions } from "../../../runtime/mod.ts";
import { defaultService, type ServiceName, type TlsMode } from "../../../src/config/mod.ts";
import { DEFAULT_SMTP_LIMITS, type SmtpLimits } from "../../../src/config/smtp.ts";
import { createLogger } from "../../../src/log/logger.ts";
import { createSmtpHandler } from "../../../src/protocols/smtp/server.ts";
import type { ServiceContext } from "../../../src/services/types.ts";
import { type MemClient, memConn, type ParsedReply } from "../../helpers/mem-conn.ts";
import { FakeBackend } from "./fake-backend.ts";

export const HOST = "mx.example.test";
export const FIXED_DATE = new Date(Date.UTC(2025, 6, 1, 9, 30, 0));

export interface SessionOptions {
  service?: ServiceName;
  /** The service's TLS mode (default starttls; implicit makes the connection secure from the start). */
  tls?: TlsMode;
  limits?: Partial<SmtpLimits>;
  backend?: FakeBackend;
  remote?: string;
  /** Make the fake TLS handshake fail. */
  failTls?: boolean;
  /** Sees what the session passed to startTls. */
  onStartTls?: (tls: TlsOptions) => void;
}

export interface TestSession {
  client: MemClient;
  backend: FakeBackend;
  logs: string[];
  /** Settles when the handler returned; rejects if it threw. */
  done: Promise<void>;
  abort: AbortController;
  /** Send one line (CRLF added) and read one reply. */
  cmd(line: string): Promise<ParsedReply>;
  /** Send raw text, no CRLF added. */
  send(raw: string | Uint8Array): Promise<void>;
  reply(): Promise<ParsedReply>;
  /** EHLO (after the greeting was read by start()). */
  ehlo(name?: string): Promise<ParsedReply>;
  /** STARTTLS, the client's half of the upgrade, then EHLO again. */
  tls(): Promise<void>;
  /** AUTH PLAIN with the given credentials. */
  auth(user?: string, pass?: string): Promise<ParsedReply>;
}

let ids = 0;

/** Start a session and read its greeting. */
export async function startSession(o: SessionOptions = {}): Promise<TestSession & { greeting: ParsedReply }> {
  const service = o.service ?? "smtp";
  const tls = o.tls ?? (service === "smtps" ? "implicit" : "starttls");
  const backend = o.backend ?? new FakeBackend();
  const logs: string[] = [];
  const abort = new AbortController();
  const settings = { ...defaultService(service), tls };
  const ctx: ServiceContext = {
    name: service,
    protocol: "smtp",
    settings,
    hostname: HOST,
    tls: tls === "none" ? undefined : { cert: "fake cert", key: "fake key" },
    log: createLogger({ write: (l) => logs.push(l) }),
    signal: abort.signal,
  };
  const { conn, client } = memConn({ secure: tls === "implicit", remote: { address: o.remote ?? "192.0.2.7", port: 40000 }, failTls: o.failTls, onStartTls: o.onStartTls });
  const handler = createSmtpHandler({
    backend,
    limits: { ...DEFAULT_SMTP_LIMITS, authFailureDelayMs: 0, ...o.limits },
    now: () => FIXED_DATE,
    newId: () => `TESTID${++ids}`,
  });
  const done = handler(conn, ctx);
  done.catch(() => {});
  const s: TestSession = {
    client,
    backend,
    logs,
    done,
    abort,
    async cmd(line) {
      await client.write(line + "\r\n");
      return client.reply();
    },
    send: (raw) => client.write(raw),
    reply: () => client.reply(),
    ehlo: (name = "client.example.net") => s.cmd(`EHLO ${name}`),
    async tls() {
      const r = await s.cmd("STARTTLS");
      if (r.code !== 220) throw new Error(`STARTTLS refused: ${r.raw}`);
      await client.startTls();
      const e = await s.ehlo();
      if (e.code !== 250) throw new Error(`EHLO after STARTTLS: ${e.raw}`);
    },
    auth(user = "alice@example.test", pass = "correct horse") {
      return s.cmd(`AUTH PLAIN ${plain(user, pass)}`);
    },
  };
  const greeting = await client.reply();
  return { ...s, greeting };
}

/** base64 of `\0user\0pass` (UTF-8). */
export function plain(user: string, pass: string, authzid = ""): string {
  return b64(`${authzid}\0${user}\0${pass}`);
}

/** base64 of the UTF-8 bytes of `s`. */
export function b64(s: string): string {
  let bin = "";
  for (const b of new TextEncoder().encode(s)) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** Text as bytes, one byte per char (for raw 8-bit and bare CR/LF input). */
export function bytes(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

/** Bytes as text, one char per byte. */
export function str(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]!);
  return s;
}

/** `code enhanced` of a reply, for compact assertions: "250 2.1.0". */
export function codes(r: ParsedReply): string {
  return r.enhanced ? `${r.code} ${r.enhanced}` : String(r.code);
}
