/**
 * The POP3 protocol entry point for the service manager: pop3 (110, STLS) and pop3s (995,
 * implicit TLS) both run this handler, one state machine; the connection's TLS and the service's
 * TLS mode decide what is offered. One handler holds one set of maildrop locks, so a login on
 * pop3s finds the maildrop locked by a session on pop3.
 *
 * ```ts
 * const pop3 = createPop3Handler({ backend: createPop3StoreBackend(store), limits: config.pop3 });
 * new ServiceManager({ ..., handlers: { tcp: { pop3 } } });
 * ```
 *
 * @module
 */
import type { Pop3Limits } from "../../config/pop3.ts";
import type { ConnectionHandler } from "../../services/types.ts";
import type { Pop3Backend } from "./backend.ts";
import { MaildropLocks } from "./lock.ts";
import { Pop3Session } from "./session.ts";

export type { Pop3Limits } from "../../config/pop3.ts";
export { DEFAULT_POP3_LIMITS } from "../../config/pop3.ts";

/** Options of {@link createPop3Handler}. */
export interface Pop3HandlerOptions {
  /** The mail system: who may log in, and their INBOX. */
  backend: Pop3Backend;
  /** The `pop3:` configuration (every field present; see `DEFAULT_POP3_LIMITS`). */
  limits: Pop3Limits;
  /** The maildrop locks (default: a new set for this handler). */
  locks?: MaildropLocks;
}

/** The POP3 session handler for the service manager. */
export function createPop3Handler(o: Pop3HandlerOptions): ConnectionHandler {
  const locks = o.locks ?? new MaildropLocks();
  return (conn, ctx) => new Pop3Session(conn, ctx, { backend: o.backend, limits: o.limits, locks }).run();
}
