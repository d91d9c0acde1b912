/**
 * Where an IMAP session stands (RFC 9051 3), as a discriminated union: each state carries exactly
 * the data that exists in it, so a handler cannot reach a selected mailbox before SELECT.
 *
 * @module
 */
import type { SelectedMailbox } from "./selected.ts";

/** Who logged in. */
export interface ImapUser {
  accountId: number;
  address: string;
}

/**
 * - `notAuthenticated`: greeting sent, no LOGIN/AUTHENTICATE yet (also right after STARTTLS).
 * - `authenticated`: logged in, no mailbox selected.
 * - `selected`: a mailbox is selected (read-only after EXAMINE).
 * - `logout`: LOGOUT answered or the session is being closed.
 */
export type ImapState =
  | { kind: "notAuthenticated" }
  | { kind: "authenticated"; user: ImapUser }
  | { kind: "selected"; user: ImapUser; box: SelectedMailbox }
  | { kind: "logout" };

/** The name of a state. */
export type StateKind = ImapState["kind"];

export const ANY: readonly StateKind[] = ["notAuthenticated", "authenticated", "selected"];
export const AUTHENTICATED: readonly StateKind[] = ["authenticated", "selected"];
export const SELECTED: readonly StateKind[] = ["selected"];
export const NOT_AUTHENTICATED: readonly StateKind[] = ["notAuthenticated"];
