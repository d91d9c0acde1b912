/**
 * The IMAP protocol entry point for the service manager: imap (143, STARTTLS) and imaps (993,
 * implicit TLS) both run this handler; the service's TLS mode decides what is offered.
 *
 * ```ts
 * const imap = createImapHandler({ store, limits: config.imap });
 * new ServiceManager({ ..., handlers: { tcp: { imap } } });
 * ```
 *
 * @module
 */
import type { ImapLimits } from "../../config/imap.ts";
import type { ConnectionHandler } from "../../services/types.ts";
import { ImapSession, type ImapStore } from "./session.ts";

export type { ImapLimits } from "../../config/imap.ts";
export { DEFAULT_IMAP_LIMITS } from "../../config/imap.ts";

/** Options of {@link createImapHandler}. */
export interface ImapHandlerOptions {
  /** Accounts, mailboxes, messages and the change feed. */
  store: ImapStore;
  /** The `imap:` configuration (every field present; see `DEFAULT_IMAP_LIMITS`). */
  limits: ImapLimits;
}

/** The IMAP session handler for the service manager. */
export function createImapHandler(o: ImapHandlerOptions): ConnectionHandler {
  return (conn, ctx) => new ImapSession(conn, ctx, { store: o.store, limits: o.limits }).run();
}
