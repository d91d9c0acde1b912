/**
 * The MIME summary computed once at delivery/APPEND and stored as JSON in messages.summary, so
 * IMAP ENVELOPE/BODYSTRUCTURE/BODY[section] never re-parse a message. Offsets are byte offsets into
 * the stored message bytes (as delivered, Return-Path included).
 *
 * Strings in Envelope and MimePart are what the header says, unfolded (CRLF + WSP → WSP) but NOT
 * decoded: IMAP sends ENVELOPE fields and BODYSTRUCTURE values raw (RFC 3501 7.4.2), encoded words
 * and all. Parameter values ARE decoded from RFC 2231 (continuations joined, charset applied) since
 * BODYSTRUCTURE carries the value, not its encoding.
 *
 * @module
 */

/** One address of an ENVELOPE address list (RFC 3501 7.4.2 `address`). A group is
 *  `{ name: null, adl: null, mailbox: "group name", host: null }` … members … `{ all null }`.
 *  An address with no domain (`bob`, `<>`) has host "" (never null, which would mark a group;
 *  Dovecot writes "MISSING_DOMAIN"). `mailbox` is the local part as written, quotes included. */
export interface EnvelopeAddress {
  name: string | null;
  adl: string | null;
  mailbox: string | null;
  host: string | null;
}

/** RFC 3501 ENVELOPE; null = NIL. The first occurrence of each field counts. An address field that
 *  is present but holds no address is null. */
export interface Envelope {
  date: string | null;
  subject: string | null;
  from: EnvelopeAddress[] | null;
  /** Defaults to `from` when the header is absent (RFC 3501 says the server fills it). */
  sender: EnvelopeAddress[] | null;
  /** Defaults to `from` when absent. */
  replyTo: EnvelopeAddress[] | null;
  to: EnvelopeAddress[] | null;
  cc: EnvelopeAddress[] | null;
  bcc: EnvelopeAddress[] | null;
  inReplyTo: string | null;
  messageId: string | null;
}

/** One MIME entity. */
export interface MimePart {
  /** Header block: [headerStart, bodyStart) includes the blank line that ends it (if present). */
  headerStart: number;
  /** Where the body starts (after the blank line). */
  bodyStart: number;
  /** End of the body (exclusive). For a multipart child, before the CRLF that precedes the next boundary
   *  (except the line break that ends a nested multipart's close delimiter line: as Dovecot, that one
   *  stays in the nested multipart). */
  bodyEnd: number;
  /** Lower-case media type and subtype; defaults text/plain (or message/rfc822 inside multipart/digest);
   *  an invalid Content-Type gives text/plain. A multipart or message at the nesting limit
   *  (limits.ts MAX_DEPTH) is reported as application/octet-stream, parameters kept. */
  type: string;
  subtype: string;
  /** Content-Type parameters in order, names lower-case, values decoded (RFC 2231); a name given
   *  twice keeps its first value. No defaults added (IMAP adds `charset us-ascii` for text/*). */
  params: [string, string][];
  id: string | null;
  description: string | null;
  /** Content-Transfer-Encoding as given (upper-cased), default "7BIT". */
  encoding: string;
  /** Body octets as stored (bodyEnd - bodyStart): a bare LF counts 1, as stored; an IMAP server
   *  that sends such a body with CRLF must count the CRs it adds (Dovecot does). */
  size: number;
  /** Body lines: LFs in the body, for text/* and message/*; 0 for other types. */
  lines: number;
  md5: string | null;
  disposition: { type: string; params: [string, string][] } | null;
  language: string[] | null;
  location: string | null;
  /** Children of a multipart. A multipart with no boundary parameter or no delimiter line in its body
   *  has `[]`; BODYSTRUCTURE needs at least one part, so IMAP writes one empty text/plain part
   *  there, as Dovecot does. */
  parts?: MimePart[];
  /** For message/rfc822 (and message/global): the encapsulated message's envelope and top part.
   *  Always present for those types. When the body is not a parseable message (a transfer encoding
   *  other than 7bit/8bit/binary, or no body), it is an empty envelope and an empty text/plain part
   *  at bodyEnd, as Dovecot reports it. */
  message?: { envelope: Envelope; part: MimePart };
}

/** What messages.summary holds (JSON). */
export interface MessageSummary {
  /** Format version; a reader recomputes a summary whose version it does not know. */
  v: 1;
  envelope: Envelope;
  /** The whole message as a MIME entity (headerStart 0). */
  part: MimePart;
}
