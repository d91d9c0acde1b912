/**
 * The `imap:` key: switches and limits of the IMAP session, shared by imap (143, STARTTLS) and imaps (993).
 *
 * - `allowPlaintextAuth` false: LOGINDISABLED and no AUTH= before STARTTLS (RFC 9051 6.2.3).
 * - `maxLineLength` 64 KiB: a command line without its literals; RFC 7162 4 asks servers to take
 *   at least 8,192 octets, and long UID sets from resyncing clients come close.
 * - `maxLiteralSize` 25 MiB: the largest literal (APPEND message) accepted, announced as
 *   APPENDLIMIT (RFC 7889); refused before the continuation is sent.
 * - `maxAuthFailures` 3 with `authFailureDelayMs` 1000, as for SMTP.
 * - `maxErrors` 20: commands answered BAD before the session is ended, as Dovecot does; a working
 *   client makes none, and a count keeps a broken or hostile one from looping forever.
 * - `maxCommandsBeforeAuth` 50: any commands before a successful login. NOOP and CAPABILITY are
 *   valid and reset the idle timer, so without this an anonymous connection could be held open
 *   for ever; a real client needs a handful (CAPABILITY, STARTTLS, ID, AUTHENTICATE), and failed
 *   logins end the session sooner through `maxAuthFailures`.
 *
 * @module
 */
import * as v from "valibot";
import { intSchema, strictMapping } from "./service.ts";

/** Switches and limits of the IMAP session (every field present). */
export interface ImapLimits {
  /** Accept LOGIN and AUTHENTICATE without TLS (only for trusted networks or tests). */
  allowPlaintextAuth: boolean;
  /** Longest command line in bytes, literals not counted. */
  maxLineLength: number;
  /** Largest literal in bytes (APPENDLIMIT). */
  maxLiteralSize: number;
  /** Failed logins per connection; the last one is answered and the connection closed. */
  maxAuthFailures: number;
  /** Wait before answering a failed login, in milliseconds. */
  authFailureDelayMs: number;
  /** Commands answered BAD per connection; the last one is answered, then BYE. */
  maxErrors: number;
  /** Commands accepted before a successful login; the next one gets BYE. */
  maxCommandsBeforeAuth: number;
}

/** The defaults of every `imap:` key. */
export const DEFAULT_IMAP_LIMITS: Readonly<ImapLimits> = Object.freeze({
  allowPlaintextAuth: false,
  maxLineLength: 64 * 1024,
  maxLiteralSize: 25 * 1024 * 1024,
  maxAuthFailures: 3,
  authFailureDelayMs: 1000,
  maxErrors: 20,
  maxCommandsBeforeAuth: 50,
});

/** The keys of `imap:`, in documentation order. */
export const IMAP_KEYS = Object.keys(DEFAULT_IMAP_LIMITS) as (keyof ImapLimits)[];

/** `imap:` as written: every key optional, unknown keys are errors. */
export const ImapFileSchema = strictMapping(
  {
    allowPlaintextAuth: v.optional(v.boolean("expected a boolean (true or false)")),
    maxLineLength: v.optional(intSchema(8192, 16 * 1024 * 1024, "expected an integer 8192-16777216 (RFC 7162: at least 8192)")),
    maxLiteralSize: v.optional(intSchema(1024, 2_147_483_647, "expected a size in bytes 1024-2147483647")),
    maxAuthFailures: v.optional(intSchema(1, 1000, "expected an integer 1-1000")),
    authFailureDelayMs: v.optional(intSchema(0, 60_000, "expected milliseconds 0-60000")),
    maxErrors: v.optional(intSchema(1, 10_000, "expected an integer 1-10000")),
    maxCommandsBeforeAuth: v.optional(intSchema(1, 100_000, "expected an integer 1-100000")),
  },
  `expected a mapping of IMAP settings (${IMAP_KEYS.join(", ")})`,
);

/** `imap:` as written (validated, before defaults). */
export type ImapFile = v.InferOutput<typeof ImapFileSchema>;

/** The effective settings: the file's values over the defaults. */
export function resolveImap(file: ImapFile | null | undefined): ImapLimits {
  return { ...DEFAULT_IMAP_LIMITS, ...Object.fromEntries(Object.entries(file ?? {}).filter(([, x]) => x !== undefined)) };
}
