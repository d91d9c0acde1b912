import type { SmtpSession } from "./session.ts";

/**
 * The EHLO keywords this session offers right now. STARTTLS only before TLS; AUTH only where
 * it is accepted (under TLS unless `allowPlaintextAuth`) and not once authenticated.
 */
export function ehloKeywords(s: SmtpSession): string[] {
  const out = ["PIPELINING", `SIZE ${s.limits.maxMessageSize}`, "8BITMIME", "SMTPUTF8", "ENHANCEDSTATUSCODES"];
  if (s.startTlsAvailable) out.push("STARTTLS");
  if (s.authAvailable && !s.identity) out.push("AUTH PLAIN LOGIN");
  out.push("CHUNKING", "DSN", "HELP");
  return out;
}
