/**
 * Every reply the mail backend gives, in one table, so codes are chosen once and tests can name
 * them. Code choices:
 * - Relaying denied is 550 5.7.1: 554 is not a valid RCPT reply in RFC 5321 section 4.3.2.
 * - A full mailbox at RCPT is 452 4.2.2 (temporary): RFC 5321 section 4.5.3.1.10 says a full
 *   mailbox is a condition that may clear, and clients treat 552 at RCPT as temporary anyway.
 * - A message bigger than what is left of a quota at delivery is 552 5.2.2 (RFC 3463 X.2.2).
 *
 * @module
 */
import type { SmtpReply } from "../protocols/smtp/backend.ts";

const r = (code: number, enhanced: string, text: string): SmtpReply => ({ code, enhanced, text });

/** The backend's replies, by name. */
export const replies = {
  relayDenied: r(550, "5.7.1", "relaying denied"),
  routingLocalPart: r(550, "5.7.1", "relaying through %, ! or @ in the local part is not allowed"),
  addressLiteral: r(550, "5.7.1", "address literals are not accepted as recipients"),
  noSuchUser: r(550, "5.1.1", "no such user here"),
  disabled: r(550, "5.2.1", "mailbox disabled"),
  unknownDomain: r(550, "5.1.2", "no such domain"),
  aliasLoop: r(550, "5.4.6", "routing loop in alias expansion"),
  aliasTooBig: r(550, "5.4.6", "alias expansion too deep or too large"),
  mailboxFull: r(452, "4.2.2", "mailbox full"),
  badRecipient: (detail: string) => r(553, "5.1.3", `bad recipient address: ${detail}`),
  cannotRelayQuoted: r(553, "5.1.3", "quoted local parts cannot be relayed"),
  utf8Recipient: r(553, "5.6.7", "non-ASCII address without SMTPUTF8"),
  utf8Sender: r(553, "5.6.7", "non-ASCII sender address without SMTPUTF8"),
  badSender: (detail: string) => r(553, "5.1.7", `bad sender address: ${detail}`),
  unknownSenderDomain: r(553, "5.1.8", "sender domain does not exist"),
  senderNotOwned: r(553, "5.7.1", "sender address not owned by you"),
  authRequired: r(530, "5.7.0", "authentication required"),
  overQuota: r(552, "5.2.2", "mailbox full: message exceeds the remaining quota"),
  recipientsChanged: r(451, "4.3.0", "recipient mailbox changed, try again"),
  localError: r(451, "4.3.0", "local error in processing, try again later"),
  noRecipients: r(554, "5.5.1", "no valid recipients"),
  senderNotForwardable: r(550, "5.1.7", "sender address cannot be forwarded from here"),
  queued: (id: string) => r(250, "2.0.0", `OK queued as ${id}`),
} as const;
