import { setImmediate } from "node:timers";
import { ChangeFeed } from "./changes.ts";
import type { MailChanges } from "./mail-api.ts";
import type { Client, Config } from "@libsql/client";
// The web entry's drizzle() only wraps the client it is given; unlike "drizzle-orm/libsql" it does not
// import the native-addon client, which an edge host cannot load.
import { drizzle } from "drizzle-orm/libsql/web";
import { mkdir } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { Accounts } from "./accounts.ts";
import { Admins } from "./admins.ts";
import { Aliases } from "./aliases.ts";
import type { BlobStore, BlobStoreKind } from "./blobs.ts";
import { DbBlobStore } from "./blobs-db.ts";
import { FileBlobStore } from "./blobs-file.ts";
import { Certificates } from "./certificates.ts";
import { Domains } from "./domains.ts";
import { StoreError } from "./errors.ts";
import { Log } from "./log.ts";
import { Mailboxes } from "./mailboxes.ts";
import { Messages } from "./messages.ts";
import { migrate } from "./migrations.ts";
import { Queue } from "./queue.ts";
import * as schema from "./schema.ts";
import { Services } from "./services.ts";
import { Writer, type Db, type Tx } from "./writer.ts";

/** How to open the store. */
export interface OpenStoreOptions {
  /** `file:path.db` (embedded), or `libsql://`, `http(s)://`, `ws(s)://` for a libSQL server. */
  url: string;
  /** Data directory: created for file databases; holds `blobs/` when `blobs` is "files". */
  dataDir: string;
  authToken?: string;
  /** Where message bodies go; default "database". */
  blobs?: BlobStoreKind;
  /** How long a write waits for another process's lock; default 5000 ms. */
  busyTimeoutMs?: number;
  /** Most queued writes sharing one commit; default 64, 1 turns group commit off. */
  writeBatch?: number;
}

/** Connection settings as the database reports them. */
export interface Durability {
  journalMode: string;
  /** 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA */
  synchronous: number;
  foreignKeys: boolean;
  busyTimeoutMs: number;
}

/** The open store: repositories plus the raw handles for queries the repositories do not cover. */
export interface Store {
  /** drizzle over libSQL. Read freely; write only through `write` (see Writer for why). */
  readonly db: Db;
  /** The libSQL client under `db`. */
  readonly client: Client;
  readonly blobs: BlobStore;
  readonly domains: Domains;
  readonly accounts: Accounts;
  readonly aliases: Aliases;
  readonly admins: Admins;
  readonly mailboxes: Mailboxes;
  readonly messages: Messages;
  readonly services: Services;
  readonly certificates: Certificates;
  readonly log: Log;
  readonly queue: Queue;
  /** Mailbox changes, published after each commit (IMAP IDLE, POP3 and webmail listen here). */
  readonly changes: MailChanges;
  /** Runs `fn` in a write transaction (queued, group-committed); resolves after the commit. */
  write<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** PRAGMA values of a pooled connection (for `doctor` output and tests). */
  durability(): Promise<Durability>;
  /** Waits for queued writes, then closes the database. */
  close(): Promise<void>;
}

/** The path of a `file:` URL, or null for a remote URL. `file:./x.db` stays relative to the cwd. */
export function fileUrlPath(url: string): string | null {
  if (!/^file:/i.test(url)) return null;
  let rest = url.slice(5).replace(/[?#].*$/, "");
  if (rest.startsWith("//")) rest = rest.replace(/^\/\/[^/]*/, "");
  return decodeURIComponent(rest);
}

/**
 * Opens (creating if needed) the database, applies pending migrations and returns the store.
 * For file databases it sets WAL + synchronous=FULL and checks that every pooled connection has them.
 */
export async function openStore(o: OpenStoreOptions): Promise<Store> {
  const path = fileUrlPath(o.url);
  const busyTimeoutMs = o.busyTimeoutMs ?? 5000;
  const blobKind = o.blobs ?? "database";
  if (blobKind !== "database" && blobKind !== "files") throw new StoreError("invalid", `invalid blob store: ${JSON.stringify(blobKind)}`);
  if (path !== null) {
    if (path === "" || path.includes(":memory:")) throw new StoreError("invalid", `database URL ${o.url} must name a file`);
    await mkdir(o.dataDir, { recursive: true });
    await mkdir(dirname(resolve(path)), { recursive: true });
  } else if (!/^(libsql|https?|wss?):\/\//i.test(o.url)) {
    throw new StoreError("invalid", `unsupported database URL ${o.url} (file:, libsql://, http(s)://, ws(s)://)`);
  }
  const config: Config = { url: o.url, authToken: o.authToken, timeout: busyTimeoutMs } as Config;
  // Remote URLs use the web-standard client so an edge host never loads the native libSQL addon.
  const client = path !== null
    ? (await import("@libsql/client")).createClient(config)
    : (await import("@libsql/client/web")).createClient(config);
  try {
    if (path !== null) await setPragmas(client, busyTimeoutMs);
    await migrate(client);
  } catch (e) {
    client.close();
    throw e;
  }
  const db: Db = drizzle(client, { schema });
  const writer = new Writer(db, Math.max(1, Math.floor(o.writeBatch ?? 64)));
  let blobs: BlobStore;
  if (blobKind === "files") {
    const dir = join(o.dataDir, "blobs");
    await mkdir(dir, { recursive: true });
    blobs = new FileBlobStore(dir);
  } else {
    blobs = new DbBlobStore(db, writer);
  }
  const changes = new ChangeFeed();
  const ctx = { db, writer, blobs, changes };
  return {
    db,
    client,
    blobs,
    domains: new Domains(ctx),
    accounts: new Accounts(ctx),
    aliases: new Aliases(ctx),
    admins: new Admins(ctx),
    mailboxes: new Mailboxes(ctx),
    messages: new Messages(ctx),
    services: new Services(ctx),
    certificates: new Certificates(ctx),
    log: new Log(ctx),
    queue: new Queue(ctx),
    changes,
    write: (fn) => writer.run(fn),
    durability: () => readDurability(client),
    async close() {
      await writer.idle();
      client.close();
      // Let the native statements and connections be finalised now, in order, rather than at
      // isolate teardown: Deno 2.9 then finalises what is left in any order and crashes now and
      // then (SIGSEGV / free(): invalid pointer). gc exists only when the runtime exposes it.
      (globalThis as { gc?: () => void }).gc?.();
      await new Promise<void>((resolve) => setImmediate(resolve));
    },
  };
}

/**
 * WAL lets readers (IMAP, webmail) proceed while a delivery commits. synchronous=FULL fsyncs the WAL
 * at every commit: a write we acknowledged (SMTP 250, IMAP OK) must survive a crash or power loss,
 * and NORMAL in WAL mode may lose the last commits on power loss. busy_timeout makes a write wait
 * for another process (the CLI beside the server) instead of failing; foreign_keys=ON keeps
 * mailboxes and messages from outliving their account.
 */
async function setPragmas(client: Client, busyTimeoutMs: number): Promise<void> {
  const [mode] = (await client.execute("PRAGMA journal_mode = WAL")).rows;
  if (String(Object.values(mode ?? {})[0]).toLowerCase() !== "wal") throw new Error(`the database refused WAL journal mode (got ${JSON.stringify(mode)})`);
  await client.execute("PRAGMA synchronous = FULL");
  await client.execute("PRAGMA foreign_keys = ON");
  await client.execute(`PRAGMA busy_timeout = ${Math.floor(busyTimeoutMs)}`);
  // synchronous and foreign_keys are per connection, and the client pools connections it opens
  // later on its own; only busy_timeout is passed to each (`timeout`). The others rely on libSQL's
  // build defaults (FULL, ON), so check a second connection really has them: open a transaction to
  // hold the first connection, then ask through the client, which must open another.
  const hold = await client.transaction("read");
  try {
    const d = await readDurability(client);
    const wanted: Durability = { journalMode: "wal", synchronous: 2, foreignKeys: true, busyTimeoutMs };
    if (d.journalMode !== "wal" || d.synchronous < 2 || !d.foreignKeys || d.busyTimeoutMs !== busyTimeoutMs) {
      throw new Error(`a new libSQL connection does not have the durability settings: ${JSON.stringify(d)}, wanted ${JSON.stringify(wanted)}`);
    }
  } finally {
    hold.close();
  }
}

async function readDurability(client: Client): Promise<Durability> {
  const one = async (pragma: string) => Object.values((await client.execute(`PRAGMA ${pragma}`)).rows[0] ?? {})[0];
  return {
    journalMode: String(await one("journal_mode")).toLowerCase(),
    synchronous: Number(await one("synchronous")),
    foreignKeys: Number(await one("foreign_keys")) === 1,
    busyTimeoutMs: Number(await one("busy_timeout")),
  };
}
