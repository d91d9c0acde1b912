/**
 * MIME for IMAP and friends: the summary computed once per stored message, and what is read from
 * the message bytes with it (sections, header fields, decoded bodies, search text).
 *
 * @module
 */
export type { Envelope, EnvelopeAddress, MessageSummary, MimePart } from "./types.ts";
export { summarize } from "./summarize.ts";
export { section, resolvePart, type SectionSpec } from "./section.ts";
export { headerEntries, headerFields, headerValue, headerValues } from "./header-fields.ts";
export { decodeBody, decodeQuotedPrintable } from "./transfer-encoding.ts";
export { decodeBase64 } from "./base64.ts";
export { decodeWords } from "./encoded-words.ts";
export { charsetDecoder, decodeCharset } from "./charset.ts";
export { decodeText, searchHeader, searchHeaderText, searchText, textOf } from "./search.ts";
export { param } from "./content.ts";
export { MAX_DEPTH, MAX_PARTS } from "./limits.ts";
