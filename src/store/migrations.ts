/**
 * Schema migrations, kept in code as ordered SQL (drizzle-kit is not a dependency).
 * Never edit a migration that has shipped; append a new one. schema.ts must describe the result.
 */
import type { Client } from "@libsql/client";

/** One migration: applied whole, in one transaction, and recorded in `schema_migrations`. */
export interface Migration {
  version: number;
  name: string;
  statements: string[];
}

export const migrations: Migration[] = [
  {
    version: 1,
    name: "initial schema",
    statements: [
      `CREATE TABLE domains (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE,
        catch_all TEXT,
        enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
        created_at INTEGER NOT NULL
      )`,
      `CREATE TABLE accounts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        domain_id INTEGER NOT NULL REFERENCES domains(id) ON DELETE CASCADE,
        local_part TEXT NOT NULL COLLATE NOCASE,
        display_name TEXT NOT NULL DEFAULT '',
        password_hash TEXT NOT NULL,
        quota_bytes INTEGER NOT NULL DEFAULT 0 CHECK (quota_bytes >= 0),
        used_bytes INTEGER NOT NULL DEFAULT 0,
        enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
        created_at INTEGER NOT NULL
      )`,
      `CREATE UNIQUE INDEX accounts_domain_local ON accounts (domain_id, local_part)`,
      `CREATE TABLE aliases (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        domain_id INTEGER NOT NULL REFERENCES domains(id) ON DELETE CASCADE,
        source TEXT NOT NULL COLLATE NOCASE,
        destinations TEXT NOT NULL CHECK (json_valid(destinations)),
        enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
        created_at INTEGER NOT NULL
      )`,
      `CREATE UNIQUE INDEX aliases_source ON aliases (source)`,
      `CREATE INDEX aliases_domain ON aliases (domain_id)`,
      `CREATE TABLE admins (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL COLLATE NOCASE,
        password_hash TEXT NOT NULL,
        created_at INTEGER NOT NULL
      )`,
      `CREATE UNIQUE INDEX admins_name ON admins (name)`,
      `CREATE TABLE mailboxes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        special_use TEXT,
        uid_validity INTEGER NOT NULL CHECK (uid_validity BETWEEN 1 AND 4294967295),
        uid_next INTEGER NOT NULL DEFAULT 1,
        highest_modseq INTEGER NOT NULL DEFAULT 1,
        subscribed INTEGER NOT NULL DEFAULT 1 CHECK (subscribed IN (0, 1)),
        created_at INTEGER NOT NULL
      )`,
      `CREATE UNIQUE INDEX mailboxes_account_name ON mailboxes (account_id, name)`,
      `CREATE TABLE messages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        mailbox_id INTEGER NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
        uid INTEGER NOT NULL,
        modseq INTEGER NOT NULL,
        flags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(flags)),
        internal_date INTEGER NOT NULL,
        size INTEGER NOT NULL,
        blob_id TEXT NOT NULL,
        summary TEXT
      )`,
      `CREATE UNIQUE INDEX messages_mailbox_uid ON messages (mailbox_id, uid)`,
      `CREATE INDEX messages_mailbox_modseq ON messages (mailbox_id, modseq)`,
      `CREATE TABLE blobs (
        id TEXT PRIMARY KEY,
        data BLOB NOT NULL,
        size INTEGER NOT NULL,
        created_at INTEGER NOT NULL
      )`,
      `CREATE TABLE services (
        name TEXT PRIMARY KEY,
        settings TEXT NOT NULL CHECK (json_valid(settings)),
        updated_at INTEGER NOT NULL
      )`,
      `CREATE TABLE certificates (
        name TEXT PRIMARY KEY,
        cert_pem TEXT NOT NULL,
        key_pem TEXT NOT NULL,
        created_at INTEGER NOT NULL
      )`,
      `CREATE TABLE queue (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        sender TEXT NOT NULL,
        recipients TEXT NOT NULL CHECK (json_valid(recipients)),
        blob_id TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'deferred', 'failed', 'sent')),
        last_error TEXT,
        created_at INTEGER NOT NULL
      )`,
      `CREATE INDEX queue_due ON queue (status, next_attempt_at)`,
      `CREATE TABLE log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        time INTEGER NOT NULL,
        level TEXT NOT NULL CHECK (level IN ('debug', 'info', 'warn', 'error')),
        service TEXT,
        message TEXT NOT NULL,
        fields TEXT CHECK (fields IS NULL OR json_valid(fields))
      )`,
      `CREATE INDEX log_time ON log (time)`,
      `CREATE INDEX log_service_time ON log (service, time)`,
      `CREATE TABLE counters (
        name TEXT PRIMARY KEY,
        value INTEGER NOT NULL
      )`,
    ],
  },
  {
    version: 2,
    name: "queue: DSN and envelope parameters",
    statements: [
      // RFC 3461: ENVID/RET with the message, NOTIFY/ORCPT per recipient; BODY/SMTPUTF8 decide how it
      // may be relayed. One JSON document, written once at enqueue and read by the outbound queue.
      `ALTER TABLE queue ADD COLUMN dsn TEXT CHECK (dsn IS NULL OR json_valid(dsn))`,
    ],
  },
  {
    version: 3,
    name: "expunged: tombstones for QRESYNC",
    statements: [
      // One row per expunged UID with the modseq of its expunge, so a client resyncing with QRESYNC
      // (RFC 7162) learns what vanished since its last modseq. UIDs never repeat in a mailbox, so
      // (mailbox_id, uid) is the key; the rows go with their mailbox.
      `CREATE TABLE expunged (
        mailbox_id INTEGER NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
        uid INTEGER NOT NULL,
        modseq INTEGER NOT NULL,
        PRIMARY KEY (mailbox_id, uid)
      ) WITHOUT ROWID`,
      `CREATE INDEX expunged_mailbox_modseq ON expunged (mailbox_id, modseq)`,
    ],
  },
];

/** Applies every migration not yet recorded; returns the versions applied. Safe to run on every start. */
export async function migrate(client: Client, list: Migration[] = migrations): Promise<number[]> {
  await client.execute(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  const applied: number[] = [];
  for (const m of [...list].sort((a, b) => a.version - b.version)) {
    // One write transaction per migration, re-checking inside it, so two processes opening the
    // same database at once cannot both apply a migration.
    const tx = await client.transaction("write");
    try {
      const done = await tx.execute({ sql: "SELECT 1 FROM schema_migrations WHERE version = ?", args: [m.version] });
      if (done.rows.length > 0) {
        await tx.rollback();
        continue;
      }
      for (const sql of m.statements) await tx.execute(sql);
      await tx.execute({ sql: "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", args: [m.version, m.name, Date.now()] });
      await tx.commit();
      applied.push(m.version);
    } catch (e) {
      await tx.rollback().catch(() => {});
      throw new Error(`migration ${m.version} (${m.name}) failed: ${(e as Error).message}`, { cause: e });
    } finally {
      tx.close();
    }
  }
  return applied;
}
