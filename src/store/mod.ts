/** The database and blob store: open it with openStore; everything else hangs off the Store. */
export { openStore, fileUrlPath, type Store, type OpenStoreOptions, type Durability } from "./open.ts";
export { StoreError, type StoreErrorCode } from "./errors.ts";
export { hashPassword, verifyPassword, needsRehash } from "./password.ts";
export { startPasswordWorkers, stopPasswordWorkers } from "./password-pool.ts";
export type { BlobStore, BlobStoreKind } from "./blobs.ts";
export type { Domain, Domains } from "./domains.ts";
export type { Account, Accounts } from "./accounts.ts";
export type { Alias, Aliases } from "./aliases.ts";
export type { Admin, Admins } from "./admins.ts";
export type { Mailbox, Mailboxes } from "./mailboxes.ts";
export { DEFAULT_MAILBOXES } from "./mailboxes.ts";
export type { Message, Messages, Appended } from "./messages.ts";
export type { StoredService, Services } from "./services.ts";
export type { Certificate, Certificates } from "./certificates.ts";
export type { LogRecord, LogLevel, Log } from "./log.ts";
export type { QueueEntry, QueueStatus, Queue } from "./queue.ts";
export type { Db, Tx, Conn } from "./writer.ts";
export * as schema from "./schema.ts";
