/**
 * The maildrop lock (RFC 1939 §4: a server acquires an exclusive lock on the maildrop at login).
 * One wrenmail process owns its store, so the lock is a set in memory shared by the pop3 and pop3s
 * services (they run the same handler). IMAP does not take it: IMAP is built for concurrent
 * sessions, and the POP3 session copes with messages that IMAP expunges under it.
 *
 * @module
 */

/** Exclusive locks on maildrops, by account id. */
export class MaildropLocks {
  readonly #held = new Set<number>();

  /**
   * Takes the lock of `accountId`: the function that releases it (safe to call more than once),
   * or null when another session holds it.
   */
  acquire(accountId: number): (() => void) | null {
    if (this.#held.has(accountId)) return null;
    this.#held.add(accountId);
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.#held.delete(accountId);
    };
  }

  /** The account's maildrop is locked right now. */
  isLocked(accountId: number): boolean {
    return this.#held.has(accountId);
  }

  /** How many maildrops are locked (for tests and status). */
  get size(): number {
    return this.#held.size;
  }
}
