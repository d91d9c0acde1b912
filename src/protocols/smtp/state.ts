/**
 * Where an SMTP session stands (RFC 5321 §4.1.4 command order), as a discriminated union: each
 * state carries exactly the data that exists in it, so a handler cannot reach a transaction that
 * has not begun.
 *
 * @module
 */
import type { AcceptedRecipient, Envelope } from "./backend.ts";
import type { MessageBuffer } from "./message-buffer.ts";

/** A mail transaction from an accepted MAIL on. */
export interface Transaction {
  /** Queue id, also in the trace header. */
  id: string;
  /** Reverse path; `""` for `<>`. */
  from: string;
  params: Envelope["params"];
  recipients: AcceptedRecipient[];
}

/**
 * - `connected`: greeting sent, no HELO/EHLO yet (also right after STARTTLS).
 * - `ready`: greeted, no transaction.
 * - `mail`: MAIL accepted, no recipient accepted yet.
 * - `rcpt`: at least one recipient accepted; DATA or BDAT may follow.
 * - `bdat`: some BDAT chunks received, not yet the LAST (RFC 3030).
 */
export type SmtpState =
  | { kind: "connected" }
  | { kind: "ready" }
  | { kind: "mail"; tx: Transaction }
  | { kind: "rcpt"; tx: Transaction }
  | { kind: "bdat"; tx: Transaction; message: MessageBuffer };

/** The name of a state. */
export type StateKind = SmtpState["kind"];

/** Every state, for commands allowed anywhere. */
export const ANY_STATE: readonly StateKind[] = ["connected", "ready", "mail", "rcpt", "bdat"];
