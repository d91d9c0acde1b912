/**
 * The mail system behind the SMTP session: `createSmtpBackend` ties address policy, recipient
 * resolution and delivery to the store.
 *
 * @module
 */
import type { Logger } from "../log/logger.ts";
import type { SmtpBackend } from "../protocols/smtp/backend.ts";
import type { Store } from "../store/mod.ts";
import { deliverMessage } from "./deliver.ts";
import { resolveRecipient } from "./recipients.ts";
import { checkSender } from "./sender.ts";

/** What createSmtpBackend needs. */
export interface SmtpBackendOptions {
  store: Store;
  log: Logger;
  /** Where a bare `RCPT TO:<Postmaster>` is delivered (an address, usually in a local domain). */
  postmaster?: string;
}

/**
 * An SmtpBackend over the store. Logins are full addresses (domain case-insensitive) checked by
 * `store.accounts.verify`, which answers a wrong password and an unknown user alike and in the
 * same time. Store failures reject; the session answers them with a temporary error.
 */
export function createSmtpBackend(o: SmtpBackendOptions): SmtpBackend {
  const { store, log } = o;
  return {
    async authenticate(username, password) {
      const account = await store.accounts.verify(username, password);
      return account ? { accountId: account.id, address: account.address } : null;
    },
    checkSender: (session, from) => checkSender(store, session, from),
    checkRecipient: (session, rcpt, dsn) => resolveRecipient(store, log, session, rcpt, dsn, { postmaster: o.postmaster }),
    deliver: (session, envelope, message) => deliverMessage(store, log, session, envelope, message),
  };
}
