/**
 * What the mail backend reads from an SMTP session. The agreed seam (SmtpSessionInfo) does not yet
 * carry SMTPUTF8, which decides whether non-ASCII addresses are acceptable (RFC 6531); until it
 * does, a session may set `smtputf8` on the object it passes, and without it addresses are ASCII.
 *
 * @module
 */
import type { SmtpSessionInfo } from "../protocols/smtp/backend.ts";

/** SmtpSessionInfo plus the current transaction's SMTPUTF8 (given on MAIL FROM). */
export interface MailSessionInfo extends SmtpSessionInfo {
  smtputf8?: boolean;
}

/** True when the session's current transaction was opened with SMTPUTF8. */
export function smtputf8Of(session: SmtpSessionInfo): boolean {
  return (session as MailSessionInfo).smtputf8 === true;
}

/** Services on which every client must authenticate before sending (DESIGN.md: submission, smtps). */
export const SUBMISSION_SERVICES: ReadonlySet<string> = new Set(["submission", "smtps"]);
