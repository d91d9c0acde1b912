/** The mail system: envelope addresses, recipient resolution, local delivery, the SMTP backend. */
export { createSmtpBackend, type SmtpBackendOptions } from "./backend.ts";
export { parseAddress, isDotAtom, quoteLocal, type AddressFailure, type AddressOptions, type AddressResult, type Mailbox } from "./address.ts";
export { parseDomain, hasKnownTld, type DomainFailure, type DomainOptions, type DomainResult, type ParsedDomain } from "./domain.ts";
export { isKnownTld } from "./tld.ts";
export { expand, MAX_ALIAS_DEPTH, MAX_EXPANSION_STEPS, type AccountTarget, type Expansion, type ExpandOptions, type ExpandResult } from "./expand.ts";
export { resolveRecipient, targetsOf, type DeliveryTargets, type RecipientOptions, type RecipientResult } from "./recipients.ts";
export { checkSender, isNullSender } from "./sender.ts";
export { deliverMessage, withReturnPath } from "./deliver.ts";
export { replies } from "./replies.ts";
export type { MailSessionInfo } from "./session.ts";
