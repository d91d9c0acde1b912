/**
 * Runs the IMAP handler over an in-memory connection against a real store in a temp directory,
 * for session tests. Responses are read as text; `cmd` sends a tagged command and waits for its
 * tagged answer.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultService, type TlsMode } from "../../../src/config/mod.ts";
import { DEFAULT_IMAP_LIMITS, type ImapLimits } from "../../../src/config/imap.ts";
import { createLogger } from "../../../src/log/logger.ts";
import { createImapHandler } from "../../../src/protocols/imap/server.ts";
import type { ServiceContext } from "../../../src/services/types.ts";
import { openStore, type Store } from "../../../src/store/mod.ts";
import { type MemClient, memConn } from "../../helpers/mem-conn.ts";

export const HOST = "imap.example.test";
export const USERS = { alice: ["alice@example.test", "alice-pw-1"], bob: ["bob@example.test", "bob-pw-1"] } as const;

/** A store with example.test, alice and bob. */
export interface Fixture {
  store: Store;
  /** Start a session (greeting read). */
  session(o?: SessionOptions): Promise<TestSession>;
  /** Append a message to a user's mailbox directly in the store; returns its UID. */
  deliver(user: keyof typeof USERS, raw: string, o?: { mailbox?: string; flags?: string[] }): Promise<number>;
  close(): Promise<void>;
}

export interface SessionOptions {
  /** The service's TLS mode (default starttls; implicit makes the connection secure from the start). */
  tls?: TlsMode;
  limits?: Partial<ImapLimits>;
  failTls?: boolean;
}

export interface Answer {
  /** `OK`, `NO` or `BAD`. */
  status: string;
  /** The tagged line without tag and CRLF. */
  tagged: string;
  /** Untagged and continuation lines before it (a literal stays inside its line's text). */
  untagged: string[];
  /** Everything received for this command, exactly. */
  raw: string;
}

export interface TestSession {
  client: MemClient;
  logs: string[];
  greeting: string;
  done: Promise<void>;
  abort: AbortController;
  /** Send `<tag> line` CRLF, wait for the tagged answer. */
  cmd(line: string): Promise<Answer>;
  /** Send raw bytes/text. */
  send(raw: string | Uint8Array): Promise<void>;
  /** Wait until text received after the last answer (and after `from` chars of it) matches; returns that text. */
  waitFor(re: RegExp, ms?: number): Promise<string>;
  /** Wait for the tagged answer of `tag`. */
  answer(tag: string): Promise<Answer>;
  /** LOGIN as a user (the session must allow it). */
  login(user?: keyof typeof USERS): Promise<Answer>;
  /** Text received since the last answer. */
  pending(): string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function fixture(): Promise<Fixture> {
  const dir = await mkdtemp(join(tmpdir(), "wrenmail-imap-"));
  const store = await openStore({ url: `file:${join(dir, "wrenmail.db")}`, dataDir: dir });
  await store.domains.add("example.test");
  for (const [address, password] of Object.values(USERS)) await store.accounts.add({ address, password });
  const sessions: TestSession[] = [];
  return {
    store,
    async session(o = {}) {
      const s = await startSession(store, o);
      sessions.push(s);
      return s;
    },
    async deliver(user, raw, o = {}) {
      const account = await store.accounts.get(USERS[user][0]);
      const box = await store.mailboxes.get(account!.id, o.mailbox ?? "INBOX");
      const r = await store.messages.append({ mailboxId: box!.id, blob: new TextEncoder().encode(raw), flags: o.flags });
      return r.uid;
    },
    async close() {
      for (const s of sessions) {
        s.abort.abort();
        await s.done.catch(() => {});
      }
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

let tags = 0;

async function startSession(store: Store, o: SessionOptions): Promise<TestSession> {
  const tls = o.tls ?? "starttls";
  const logs: string[] = [];
  const abort = new AbortController();
  const ctx: ServiceContext = {
    name: tls === "implicit" ? "imaps" : "imap",
    protocol: "imap",
    settings: { ...defaultService(tls === "implicit" ? "imaps" : "imap"), tls },
    hostname: HOST,
    tls: tls === "none" ? undefined : { cert: "fake cert", key: "fake key" },
    log: createLogger({ write: (l) => logs.push(l) }),
    signal: abort.signal,
  };
  const { conn, client } = memConn({ secure: tls === "implicit", failTls: o.failTls });
  const handler = createImapHandler({ store, limits: { ...DEFAULT_IMAP_LIMITS, authFailureDelayMs: 0, allowPlaintextAuth: true, ...o.limits } });
  const done = handler(conn, ctx);
  done.catch(() => {});
  let cursor = 0;
  const waitFor = async (re: RegExp, ms = 10_000): Promise<string> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const text = client.received().slice(cursor);
      if (re.test(text)) return text;
      if (client.isClosed()) throw new Error(`closed while waiting for ${re}; got ${JSON.stringify(text)}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${re}; got ${JSON.stringify(text)}`);
      await sleep(5);
    }
  };
  const answer = async (tag: string): Promise<Answer> => {
    const re = new RegExp(`(^|\\r\\n)${tag.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} (OK|NO|BAD)( [^\\r]*)?\\r\\n`);
    const text = await waitFor(re);
    const m = re.exec(text)!;
    const end = m.index + m[0].length;
    const raw = text.slice(0, end);
    cursor += end;
    const body = raw.slice(0, m.index + m[1]!.length);
    const untagged = body.split("\r\n").filter((l) => l !== "");
    return { status: m[2]!, tagged: m[0].slice(m[1]!.length + tag.length + 1).replace(/\r\n$/, ""), untagged, raw };
  };
  const s: TestSession = {
    client,
    logs,
    greeting: "",
    done,
    abort,
    async cmd(line) {
      const tag = `T${++tags}`;
      await client.write(`${tag} ${line}\r\n`);
      return answer(tag);
    },
    send: (raw) => client.write(raw),
    waitFor,
    answer,
    login(user = "alice") {
      const [u, p] = USERS[user];
      return s.cmd(`LOGIN ${u} ${p}`);
    },
    pending: () => client.received().slice(cursor),
  };
  const greeting = await waitFor(/\r\n/);
  s.greeting = greeting.slice(0, greeting.indexOf("\r\n"));
  cursor += greeting.indexOf("\r\n") + 2;
  return s;
}
