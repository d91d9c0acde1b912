/**
 * What the POP3 session asks of the mail system. The session (src/protocols/pop3/) speaks the
 * protocol, keeps the message numbers and deletion marks, and enforces its limits; the backend
 * checks passwords and reads and removes messages of an account's INBOX. Keeping this seam small
 * lets the session be tested against an in-memory fake (tests/protocols/pop3/fake-backend.ts).
 *
 * @module
 */

/** A logged-in account. */
export interface Pop3Identity {
  accountId: number;
  /** The account's own address (login name). */
  address: string;
}

/** One message of the maildrop as listed at login. */
export interface Pop3Entry {
  uid: number;
  /** Octets, exactly as RETR sends them (before dot-stuffing). */
  size: number;
}

/** The account's INBOX, opened at login. Every method throws on a fault of the mail system. */
export interface Pop3Mailbox {
  /** The INBOX's UIDVALIDITY: with a UID it makes the UIDL, stable across sessions. */
  readonly uidValidity: number;
  /** Every message, ascending UID, read in batches (a large mailbox is never held whole). */
  scan(): AsyncIterable<Pop3Entry>;
  /** One message's bytes; null when it is gone (expunged meanwhile, e.g. over IMAP). */
  body(uid: number): Promise<Uint8Array | null>;
  /** Removes these UIDs in one transaction (missing ones skipped); resolves with how many went. */
  expunge(uids: readonly number[]): Promise<number>;
}

export interface Pop3Backend {
  /**
   * The identity, or null for wrong credentials. Null is the one answer for an unknown user, a
   * wrong password and a disabled account, so the session cannot tell them apart either.
   */
  authenticate(username: string, password: string): Promise<Pop3Identity | null>;
  /** Opens the account's INBOX. */
  open(identity: Pop3Identity): Promise<Pop3Mailbox>;
}
