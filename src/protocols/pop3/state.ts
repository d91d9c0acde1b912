/**
 * Where a POP3 session stands (RFC 1939 §3), as a discriminated union: each state carries exactly
 * the data that exists in it, so a command cannot reach a maildrop before login.
 *
 * @module
 */
import type { Maildrop } from "./maildrop.ts";

/**
 * - `authorization`: greeting sent, not logged in (also right after STLS). `user` is the name
 *   given by USER, waiting for PASS.
 * - `transaction`: logged in, the maildrop locked and listed.
 * - `update`: QUIT received in TRANSACTION; deletions are being applied, then the session ends.
 */
export type Pop3State =
  | { kind: "authorization"; user?: string }
  | { kind: "transaction"; drop: Maildrop }
  | { kind: "update" };

/** The name of a state. */
export type StateKind = Pop3State["kind"];
