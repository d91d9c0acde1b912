/**
 * The SMTP protocol entry point for the service manager: smtp (25), submission (587) and smtps
 * (465) all run this handler; the service's name and TLS mode decide what is offered.
 *
 * ```ts
 * const smtp = createSmtpHandler({ backend, limits: config.smtp });
 * new ServiceManager({ ..., handlers: { tcp: { smtp } } });
 * ```
 *
 * @module
 */
import type { SmtpLimits } from "../../config/smtp.ts";
import type { ConnectionHandler } from "../../services/types.ts";
import type { SmtpBackend } from "./backend.ts";
import { SmtpSession } from "./session.ts";
import { newQueueId } from "./trace.ts";

export type { SmtpLimits } from "../../config/smtp.ts";
export { DEFAULT_SMTP_LIMITS } from "../../config/smtp.ts";

/** Options of {@link createSmtpHandler}. */
export interface SmtpHandlerOptions {
  /** The mail system: who may send, who receives, where accepted mail goes. */
  backend: SmtpBackend;
  /** The `smtp:` configuration (every field present; see `DEFAULT_SMTP_LIMITS`). */
  limits: SmtpLimits;
  /** Clock for trace headers (tests pin it). */
  now?: () => Date;
  /** Queue id generator (tests pin it). */
  newId?: () => string;
}

/** The SMTP session handler for the service manager. */
export function createSmtpHandler(o: SmtpHandlerOptions): ConnectionHandler {
  const now = o.now ?? (() => new Date());
  const newId = o.newId ?? (() => newQueueId());
  return (conn, ctx) => new SmtpSession(conn, ctx, { backend: o.backend, limits: o.limits, now, newId }).run();
}
