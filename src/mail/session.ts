/**
 * What the mail backend reads from an SMTP session beyond the agreed seam (SmtpSessionInfo).
 *
 * SMTPUTF8 is the session's to enforce: its MAIL and RCPT commands refuse a non-ASCII path unless
 * MAIL carried SMTPUTF8 (src/protocols/smtp/commands/), so a UTF-8 address reaching the backend
 * was allowed by the session. The seam does not carry the flag yet; a caller that does not enforce
 * it itself sets `smtputf8: false` and the backend then refuses non-ASCII addresses (553 5.6.7).
 *
 * @module
 */
import type { SmtpSessionInfo } from "../protocols/smtp/backend.ts";

/** SmtpSessionInfo plus the current transaction's SMTPUTF8 (given on MAIL FROM). */
export interface MailSessionInfo extends SmtpSessionInfo {
  smtputf8?: boolean;
}

/** False only when the session says its current transaction is without SMTPUTF8. */
export function smtputf8Of(session: SmtpSessionInfo): boolean {
  return (session as MailSessionInfo).smtputf8 !== false;
}

/** Services on which every client must authenticate before sending (DESIGN.md: submission, smtps). */
export const SUBMISSION_SERVICES: ReadonlySet<string> = new Set(["submission", "smtps"]);
