/** The SMTP server (smtp, submission, smtps services): handler, backend seam, parser. */
export { createSmtpHandler, DEFAULT_SMTP_LIMITS, type SmtpHandlerOptions, type SmtpLimits } from "./server.ts";
export type { AcceptedRecipient, Envelope, SmtpBackend, SmtpIdentity, SmtpReply, SmtpSessionInfo } from "./backend.ts";
export { SmtpError } from "./reply.ts";
