/**
 * The mail-access part of the store that POP3, IMAP (and later webmail) use: the contract between
 * them and src/store. Implemented by Messages/Mailboxes (messages.ts, mailboxes.ts) and the change
 * feed (changes.ts). Every write commits through the single writer and resolves after COMMIT, then
 * publishes one MailChange so other sessions on the same mailbox learn about it.
 *
 * @module
 */

/** A message row without its MIME summary (what listings need; cheap to hold for 100k messages). */
export interface MessageMeta {
  id: number;
  uid: number;
  modseq: number;
  flags: string[];
  internalDate: Date;
  size: number;
  blobId: string;
}

/** A scanned row with its stored MIME summary JSON (null until the mail layer stores one). */
export interface MessageWithSummary extends MessageMeta {
  summary: string | null;
}

/** How to pick messages of one mailbox for `scan`. Omitted fields do not filter. */
export interface ScanFilter {
  /** Only these UIDs (any order, duplicates ignored). */
  uids?: readonly number[];
  /** Only UIDs in [from, to] inclusive. */
  uidRange?: { from: number; to: number };
  /** Only messages whose modseq is greater than this (CONDSTORE CHANGEDSINCE). */
  changedSince?: number;
  /** Rows per database read; default 500. */
  batch?: number;
  /**
   * Also read each row's MIME summary JSON, in the same query (FETCH ENVELOPE/BODYSTRUCTURE and
   * SEARCH on headers need it for every message: one query per batch instead of one per message).
   */
  withSummary?: boolean;
}

/** The result of a flag change. */
export interface FlagUpdate {
  /** Messages whose flags changed, with the flags now stored and their new modseq. */
  changed: { uid: number; flags: string[]; modseq: number }[];
  /** UIDs refused by `unchangedSince` (RFC 7162 MODIFIED), in ascending order. */
  modified: number[];
  /** The mailbox's HIGHESTMODSEQ after the change. */
  highestModseq: number;
}

/** The result of a copy or move: source UID → destination UID, in source UID order. */
export interface CopyResult {
  uidValidity: number;
  map: { from: number; to: number }[];
}

/** Mailbox counters for STATUS / SELECT. */
export interface MailboxStatus {
  messages: number;
  unseen: number;
  /** Sum of message sizes (STATUS SIZE, RFC 8438). */
  size: number;
  deleted: number;
  uidNext: number;
  uidValidity: number;
  highestModseq: number;
}

/** What happened to a mailbox; published after the commit. */
export type MailChange =
  | { kind: "append"; accountId: number; mailboxId: number; uids: number[]; modseq: number }
  | { kind: "flags"; accountId: number; mailboxId: number; changed: { uid: number; flags: string[]; modseq: number }[]; modseq: number }
  | { kind: "expunge"; accountId: number; mailboxId: number; uids: number[]; modseq: number }
  /**
   * A mailbox was created, deleted, renamed or (un)subscribed. `mailboxIds` are the mailboxes
   * concerned (a rename lists the children that moved with it); watchers of those mailboxes hear
   * it too, so a session with a deleted or renamed mailbox selected learns of it.
   */
  | { kind: "mailboxes"; accountId: number; op?: "create" | "delete" | "rename" | "subscribe"; mailboxIds?: number[] };

/** The in-process change feed (store.changes). Listeners must not throw and must not block. */
export interface MailChanges {
  /**
   * Calls `fn` for every change to the mailbox (its messages; its own deletion, rename or
   * subscription as a "mailboxes" change); returns the unsubscribe function.
   */
  watchMailbox(mailboxId: number, fn: (c: MailChange) => void): () => void;
  /** Calls `fn` for every change to any mailbox of the account. */
  watchAccount(accountId: number, fn: (c: MailChange) => void): () => void;
  /** Used by the store after each commit. */
  publish(c: MailChange): void;
}

/**
 * store.messages, mail-access methods (besides append/appendIn/list/get). StoreError codes:
 * "not_found" (mailbox), "over_quota" (copy), "invalid" (bad flag, UID, filter, or mailboxes of
 * two accounts). Reads of one message (summary, body) answer null when it is gone; `scan` of a
 * missing mailbox yields nothing; `uids` says "not_found".
 */
export interface MessagesMailApi {
  /** Every UID of the mailbox, ascending (the IMAP sequence-number map is built from this). */
  uids(mailboxId: number): Promise<number[]>;
  /**
   * Message metadata in ascending UID order, read in batches so a large mailbox is never held
   * whole; with `withSummary`, each row's summary JSON too.
   */
  scan(mailboxId: number, filter: ScanFilter & { withSummary: true }): AsyncIterable<MessageWithSummary>;
  scan(mailboxId: number, filter?: ScanFilter): AsyncIterable<MessageMeta>;
  /** The stored MIME summary JSON of one message (null if none stored yet). */
  summary(mailboxId: number, uid: number): Promise<string | null>;
  /** Stores a summary computed later for a message that has none (no modseq change, no event). */
  setSummary(mailboxId: number, uid: number, summary: string): Promise<void>;
  /** The message bytes (from the blob store); null when the message is gone. */
  body(mailboxId: number, uid: number): Promise<Uint8Array | null>;
  /**
   * The bytes of many scanned messages in one read (order kept; null where the body is gone). At
   * most 1000 rows and 32 MiB by their sizes (a single larger message is allowed): callers read a
   * mailbox's bodies in bounded batches, a batch or two ahead of what they write.
   */
  bodies(rows: readonly Pick<MessageMeta, "blobId" | "size">[]): Promise<(Uint8Array | null)[]>;
  /**
   * Adds, removes or replaces flags on the given UIDs (missing UIDs are skipped). Messages whose
   * flags really change get one new modseq (the same for all of them) and the mailbox's
   * HIGHESTMODSEQ becomes it. With `unchangedSince`, messages whose modseq is greater are not
   * touched and are reported in `modified` (RFC 7162 3.2).
   */
  setFlags(mailboxId: number, uids: readonly number[], op: "add" | "remove" | "replace", flags: readonly string[], o?: { unchangedSince?: number }): Promise<FlagUpdate>;
  /**
   * Removes the given UIDs (missing ones skipped) in one transaction: rows, blobs, the account's
   * used bytes; records each removed UID with the new modseq so `vanishedSince` can report it.
   * Returns the UIDs really removed, ascending.
   */
  expunge(mailboxId: number, uids: readonly number[]): Promise<{ uids: number[]; modseq: number }>;
  /** Copies messages (bytes, flags, internal date, summary) into another mailbox of the same account; quota charged; all or nothing. */
  copy(fromMailboxId: number, uids: readonly number[], toMailboxId: number): Promise<CopyResult>;
  /** Copy + expunge in ONE transaction (RFC 6851): never both or neither visible. */
  move(fromMailboxId: number, uids: readonly number[], toMailboxId: number): Promise<CopyResult & { expungeModseq: number }>;
  /** UIDs expunged with a modseq greater than `modseq` (QRESYNC VANISHED (EARLIER)), ascending. */
  vanishedSince(mailboxId: number, modseq: number): Promise<number[]>;
}

/** store.mailboxes, mail-access methods (besides list/get/create). Names use "/" as the hierarchy delimiter. */
export interface MailboxesMailApi {
  /** Counters for STATUS/SELECT, computed by the database (no rows loaded). */
  status(mailboxId: number): Promise<MailboxStatus>;
  /**
   * Deletes a mailbox with its messages (blobs and quota freed). INBOX cannot be deleted
   * (StoreError "invalid"); "not_found" if missing. Children are not deleted (IMAP keeps them).
   */
  delete(accountId: number, name: string): Promise<void>;
  /**
   * Renames a mailbox and every child ("a" → "b" also moves "a/x" to "b/x"); each keeps its
   * UIDVALIDITY. Renaming INBOX moves INBOX's messages into a new mailbox of that name and
   * leaves INBOX empty (RFC 3501 6.3.5). "exists" when the target exists, "not_found" when the
   * source is missing.
   */
  rename(accountId: number, from: string, to: string): Promise<void>;
  /** Sets the subscribed flag; "not_found" if missing. */
  setSubscribed(accountId: number, name: string, subscribed: boolean): Promise<void>;
  /** The mailbox by id, or null. */
  byId(mailboxId: number): Promise<import("./mailboxes.ts").Mailbox | null>;
}
