/**
 * The `smtp:` key: limits and policy switches shared by the three SMTP services (smtp,
 * submission, smtps). One schema serves the config file, the REST API and the admin forms.
 *
 * Why the defaults are what they are:
 *
 * - `maxMessageSize` 25 MiB: what the big mailbox providers accept, advertised in EHLO `SIZE`.
 * - `maxRecipients` 100: RFC 5321 §4.5.3.1.8 says a server must accept at least 100.
 * - `maxLineLength` 2048 (command lines, CRLF not counted): RFC 5321 §4.5.3.1.4 sets 512 and lets
 *   extensions raise it; SIZE (+26), DSN (ENVID +100, ORCPT +500) and AUTH= (+500) together reach
 *   about 1,650, and UTF-8 addresses (SMTPUTF8) take up to four bytes a character. AUTH lines may
 *   always be 12,288 bytes (RFC 4954 §4). Message text lines are not limited: RFC 5321's 1,000
 *   is a floor for what a server must take, real mail has longer lines, and `maxMessageSize`
 *   already bounds memory.
 * - `maxErrors` 10 and `maxCommandsBeforeMail` 100: Postfix's soft error limit and junk command
 *   limit; enough for any client that is not probing or looping.
 * - `maxAuthFailures` 3 with `authFailureDelayMs` 1000: every failed AUTH is answered only after
 *   the delay, and the third ends the connection, so guessing costs seconds per try.
 * - `postmaster` "" (= `postmaster@<hostname>`): RFC 5321 4.5.1 says a server must accept mail
 *   to a bare `<Postmaster>`; it goes to this address, which must be a local account or alias.
 * - `bareLineEndings` reject: a lone CR or LF in message text is what SMTP smuggling relies on
 *   when the message is relayed to a server that reads line ends loosely (Postfix 3.9 rejects
 *   it too); `normalize` turns each into CRLF instead, for old clients that send bare LF.
 *
 * @module
 */
import * as v from "valibot";
import { intSchema, strictMapping } from "./service.ts";

/** What happens to a message whose text holds a CR or LF that is not part of a CRLF pair. */
export const BARE_LINE_ENDINGS = ["reject", "normalize"] as const;

/** `reject`: 550 5.6.0 and nothing stored; `normalize`: each bare CR or LF becomes CRLF. */
export type BareLineEndings = (typeof BARE_LINE_ENDINGS)[number];

/** Limits and switches of the SMTP session (every field present). */
export interface SmtpLimits {
  /** Largest message accepted, in bytes (before the trace header); advertised as EHLO SIZE. */
  maxMessageSize: number;
  /** Recipients per message; RCPT beyond it gets 452 4.5.3. */
  maxRecipients: number;
  /** Longest command line in bytes, CRLF not counted (AUTH lines may be 12,288). */
  maxLineLength: number;
  /** Bad commands (unknown, syntax, out of sequence, malformed lines, refused recipients) before 421. */
  maxErrors: number;
  /** Commands other than MAIL, RCPT, DATA, BDAT and QUIT in a row before 421 (counted from the last accepted MAIL). */
  maxCommandsBeforeMail: number;
  /** Failed AUTH attempts per connection; the last one is answered with 421 and the connection closed. */
  maxAuthFailures: number;
  /** Wait before answering a failed AUTH, in milliseconds. */
  authFailureDelayMs: number;
  /** Offer and accept AUTH without TLS (only for trusted networks or tests). */
  allowPlaintextAuth: boolean;
  /** Answer VRFY from the recipient check (true) or with 252 2.5.2 (false, the default). */
  vrfy: boolean;
  /** Message text with a bare CR or LF: reject it, or normalise it to CRLF. */
  bareLineEndings: BareLineEndings;
  /** Where a bare `RCPT TO:<Postmaster>` goes; "" means `postmaster@<hostname>`. */
  postmaster: string;
}

/** The defaults of every `smtp:` key (see the module comment for why). */
export const DEFAULT_SMTP_LIMITS: Readonly<SmtpLimits> = Object.freeze({
  maxMessageSize: 25 * 1024 * 1024,
  maxRecipients: 100,
  maxLineLength: 2048,
  maxErrors: 10,
  maxCommandsBeforeMail: 100,
  maxAuthFailures: 3,
  authFailureDelayMs: 1000,
  allowPlaintextAuth: false,
  vrfy: false,
  bareLineEndings: "reject",
  postmaster: "",
});

/** The keys of `smtp:`, in documentation order. */
export const SMTP_KEYS = Object.keys(DEFAULT_SMTP_LIMITS) as (keyof SmtpLimits)[];

const BIG = 2_147_483_647;
const bool = v.boolean("expected a boolean (true or false)");

/** `smtp:` as written: every key optional, unknown keys are errors. */
export const SmtpFileSchema = strictMapping(
  {
    // Over 2 GiB would not fit the size arithmetic of clients and of the SIZE extension's users.
    maxMessageSize: v.optional(intSchema(1024, BIG, "expected a size in bytes 1024-2147483647")),
    maxRecipients: v.optional(intSchema(1, 100_000, "expected an integer 1-100000 (RFC 5321 asks for at least 100)")),
    maxLineLength: v.optional(intSchema(510, 65_536, "expected an integer 510-65536 (RFC 5321: 512 with CRLF)")),
    maxErrors: v.optional(intSchema(1, 10_000, "expected an integer 1-10000")),
    maxCommandsBeforeMail: v.optional(intSchema(1, 100_000, "expected an integer 1-100000")),
    maxAuthFailures: v.optional(intSchema(1, 1000, "expected an integer 1-1000")),
    authFailureDelayMs: v.optional(intSchema(0, 60_000, "expected milliseconds 0-60000")),
    allowPlaintextAuth: v.optional(bool),
    vrfy: v.optional(bool),
    bareLineEndings: v.optional(v.picklist(BARE_LINE_ENDINGS, `expected one of ${BARE_LINE_ENDINGS.map((x) => JSON.stringify(x)).join(", ")}`)),
    postmaster: v.optional(
      v.pipe(v.string("expected an address such as postmaster@example.com"), v.regex(/^$|^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/, "expected an address such as postmaster@example.com")),
    ),
  },
  `expected a mapping of SMTP limits (${SMTP_KEYS.join(", ")})`,
);

/** `smtp:` as written (validated, before defaults). */
export type SmtpFile = v.InferOutput<typeof SmtpFileSchema>;

/** The effective limits: the file's values over the defaults. */
export function resolveSmtp(file: SmtpFile | null | undefined): SmtpLimits {
  const out: SmtpLimits = { ...DEFAULT_SMTP_LIMITS };
  for (const k of SMTP_KEYS) {
    const value = file?.[k];
    if (value !== undefined) (out as unknown as Record<string, unknown>)[k] = value;
  }
  return out;
}
