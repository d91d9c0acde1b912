/**
 * drizzle table definitions (sqlite dialect). The DDL lives in migrations.ts; a test checks the two agree.
 * Times are integer milliseconds since the epoch (`timestamp_ms`), booleans 0/1, lists and settings JSON text.
 */
import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const domains = sqliteTable("domains", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(), // lower-case ASCII (IDNA); COLLATE NOCASE UNIQUE in the DDL
  catchAll: text("catch_all"),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
});

export const accounts = sqliteTable("accounts", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  domainId: integer("domain_id").notNull().references(() => domains.id, { onDelete: "cascade" }),
  localPart: text("local_part").notNull(), // case kept for display; unique per domain ignoring case
  displayName: text("display_name").notNull().default(""),
  passwordHash: text("password_hash").notNull(),
  quotaBytes: integer("quota_bytes").notNull().default(0), // 0 = unlimited
  usedBytes: integer("used_bytes").notNull().default(0),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
}, (t) => [uniqueIndex("accounts_domain_local").on(t.domainId, t.localPart)]);

export const aliases = sqliteTable("aliases", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  domainId: integer("domain_id").notNull().references(() => domains.id, { onDelete: "cascade" }),
  source: text("source").notNull(), // `local@domain`, or `@domain` for a catch-all
  destinations: text("destinations", { mode: "json" }).$type<string[]>().notNull(),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
}, (t) => [uniqueIndex("aliases_source").on(t.source), index("aliases_domain").on(t.domainId)]);

export const admins = sqliteTable("admins", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  passwordHash: text("password_hash").notNull(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
}, (t) => [uniqueIndex("admins_name").on(t.name)]);

export const mailboxes = sqliteTable("mailboxes", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  accountId: integer("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
  name: text("name").notNull(),
  specialUse: text("special_use"), // RFC 6154 attribute, e.g. `\Sent`
  uidValidity: integer("uid_validity").notNull(),
  uidNext: integer("uid_next").notNull().default(1),
  highestModseq: integer("highest_modseq").notNull().default(1),
  subscribed: integer("subscribed", { mode: "boolean" }).notNull().default(true),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
}, (t) => [uniqueIndex("mailboxes_account_name").on(t.accountId, t.name)]);

export const messages = sqliteTable("messages", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  mailboxId: integer("mailbox_id").notNull().references(() => mailboxes.id, { onDelete: "cascade" }),
  uid: integer("uid").notNull(),
  modseq: integer("modseq").notNull(),
  flags: text("flags", { mode: "json" }).$type<string[]>().notNull(), // system flags and keywords
  internalDate: integer("internal_date", { mode: "timestamp_ms" }).notNull(),
  size: integer("size").notNull(),
  blobId: text("blob_id").notNull(),
  summary: text("summary"), // MIME-parse summary JSON, filled by the mail layer
}, (t) => [uniqueIndex("messages_mailbox_uid").on(t.mailboxId, t.uid), index("messages_mailbox_modseq").on(t.mailboxId, t.modseq)]);

// Tombstones of expunged messages: what QRESYNC's VANISHED reports (migration 3).
export const expunged = sqliteTable("expunged", {
  mailboxId: integer("mailbox_id").notNull().references(() => mailboxes.id, { onDelete: "cascade" }),
  uid: integer("uid").notNull(),
  modseq: integer("modseq").notNull(),
}, (t) => [primaryKey({ columns: [t.mailboxId, t.uid] }), index("expunged_mailbox_modseq").on(t.mailboxId, t.modseq)]);

export const blobs = sqliteTable("blobs", {
  id: text("id").primaryKey(),
  data: blob("data", { mode: "buffer" }).notNull(),
  size: integer("size").notNull(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
});

// Access lists and limits stay inside the settings JSON: the valibot service schema is their one
// definition, the gate always needs a service's settings whole, and lists are a few entries long,
// so separate tables would only add a second schema to keep in step and joins on every save.
export const services = sqliteTable("services", {
  name: text("name").primaryKey(),
  settings: text("settings").notNull(), // JSON validated by src/config
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});

export const certificates = sqliteTable("certificates", {
  name: text("name").primaryKey(),
  certPem: text("cert_pem").notNull(),
  keyPem: text("key_pem").notNull(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
});

/** Outbound queue status. */
export type QueueStatus = "queued" | "sending" | "deferred" | "failed" | "sent";

export const queue = sqliteTable("queue", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  sender: text("sender").notNull(), // "" for the null reverse-path of a bounce
  recipients: text("recipients", { mode: "json" }).$type<string[]>().notNull(),
  blobId: text("blob_id").notNull(),
  attempts: integer("attempts").notNull().default(0),
  nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }).notNull(),
  status: text("status").$type<QueueStatus>().notNull().default("queued"),
  lastError: text("last_error"),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  dsn: text("dsn", { mode: "json" }).$type<QueueDsn>(),
}, (t) => [index("queue_due").on(t.status, t.nextAttemptAt)]);

/** Envelope parameters kept with a queued message (RFC 3461 DSN, RFC 6152/6531 body types). */
export interface QueueDsn {
  /** The transaction id of the SMTP session that accepted it. */
  id?: string;
  envid?: string;
  ret?: "FULL" | "HDRS";
  body?: "7BIT" | "8BITMIME" | "BINARYMIME";
  smtputf8?: boolean;
  /** Per queued recipient: NOTIFY and ORCPT as given at RCPT (for an alias, those of the alias). */
  recipients: Record<string, { notify?: string[]; orcpt?: string }>;
}

/** Log severity. */
export type LogLevel = "debug" | "info" | "warn" | "error";

export const log = sqliteTable("log", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  time: integer("time", { mode: "timestamp_ms" }).notNull(),
  level: text("level").$type<LogLevel>().notNull(),
  service: text("service"),
  message: text("message").notNull(),
  fields: text("fields", { mode: "json" }).$type<Record<string, unknown>>(),
}, (t) => [index("log_time").on(t.time), index("log_service_time").on(t.service, t.time)]);

// Monotonic counters that must never repeat, e.g. UIDVALIDITY across a mailbox's delete and re-create.
export const counters = sqliteTable("counters", {
  name: text("name").primaryKey(),
  value: integer("value").notNull(),
});
