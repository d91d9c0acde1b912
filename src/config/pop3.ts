/**
 * The `pop3:` key: switches and limits of the POP3 session, shared by pop3 (110, STLS) and pop3s (995).
 *
 * - `allowPlaintextAuth` false: USER/PASS and AUTH are refused before STLS (RFC 2595 says a
 *   server should let admins require TLS), with `-ERR [AUTH]` naming STLS.
 * - `apop` false: APOP needs the password stored in clear; we store argon2id hashes, so it is off
 *   and only switchable where a future store keeps a cleartext secret.
 * - `maxAuthFailures` 3 with `authFailureDelayMs` 1000, as for SMTP.
 * - `maxErrors` 10: bad commands (unknown, malformed, out of sequence, too long) before the
 *   connection is closed, as for SMTP; a working client makes none.
 *
 * @module
 */
import * as v from "valibot";
import { intSchema, strictMapping } from "./service.ts";

/** Switches and limits of the POP3 session (every field present). */
export interface Pop3Limits {
  /** Accept USER/PASS and AUTH without TLS (only for trusted networks or tests). */
  allowPlaintextAuth: boolean;
  /** Failed logins per connection; the last one is answered and the connection closed. */
  maxAuthFailures: number;
  /** Wait before answering a failed login, in milliseconds. */
  authFailureDelayMs: number;
  /** Bad commands per connection; the last one is answered and the connection closed. */
  maxErrors: number;
}

/** The defaults of every `pop3:` key. */
export const DEFAULT_POP3_LIMITS: Readonly<Pop3Limits> = Object.freeze({
  allowPlaintextAuth: false,
  maxAuthFailures: 3,
  authFailureDelayMs: 1000,
  maxErrors: 10,
});

/** The keys of `pop3:`, in documentation order. */
export const POP3_KEYS = Object.keys(DEFAULT_POP3_LIMITS) as (keyof Pop3Limits)[];

/** `pop3:` as written: every key optional, unknown keys are errors. */
export const Pop3FileSchema = strictMapping(
  {
    allowPlaintextAuth: v.optional(v.boolean("expected a boolean (true or false)")),
    maxAuthFailures: v.optional(intSchema(1, 1000, "expected an integer 1-1000")),
    authFailureDelayMs: v.optional(intSchema(0, 60_000, "expected milliseconds 0-60000")),
    maxErrors: v.optional(intSchema(1, 10_000, "expected an integer 1-10000")),
  },
  `expected a mapping of POP3 settings (${POP3_KEYS.join(", ")})`,
);

/** `pop3:` as written (validated, before defaults). */
export type Pop3File = v.InferOutput<typeof Pop3FileSchema>;

/** The effective settings: the file's values over the defaults. */
export function resolvePop3(file: Pop3File | null | undefined): Pop3Limits {
  return { ...DEFAULT_POP3_LIMITS, ...Object.fromEntries(Object.entries(file ?? {}).filter(([, x]) => x !== undefined)) };
}
