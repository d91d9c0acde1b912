import type { MailChange, MailChanges } from "./mail-api.ts";

/** The in-process change feed; see MailChanges. */
export class ChangeFeed implements MailChanges {
  readonly #byMailbox = new Map<number, Set<(c: MailChange) => void>>();
  readonly #byAccount = new Map<number, Set<(c: MailChange) => void>>();

  watchMailbox(mailboxId: number, fn: (c: MailChange) => void): () => void {
    return add(this.#byMailbox, mailboxId, fn);
  }

  watchAccount(accountId: number, fn: (c: MailChange) => void): () => void {
    return add(this.#byAccount, accountId, fn);
  }

  publish(c: MailChange): void {
    // A Set: a listener that watches both the account and the mailbox hears a change once.
    const targets = new Set(this.#byAccount.get(c.accountId) ?? []);
    const boxes = c.kind === "mailboxes" ? c.mailboxIds ?? [] : [c.mailboxId];
    for (const id of boxes) for (const fn of this.#byMailbox.get(id) ?? []) targets.add(fn);
    for (const fn of targets) {
      try {
        fn(c);
      } catch {
        // A listener's failure must not stop the others or the writer that published.
      }
    }
  }
}

function add<K>(map: Map<K, Set<(c: MailChange) => void>>, key: K, fn: (c: MailChange) => void): () => void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(fn);
  return () => {
    set!.delete(fn);
    if (set!.size === 0 && map.get(key) === set) map.delete(key);
  };
}
