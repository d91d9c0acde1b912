/**
 * What the SMTP session asks of the mail system. The session (src/protocols/smtp/) speaks the
 * protocol and enforces its limits; the backend (src/mail/) decides who may send what to whom and
 * stores what was accepted. Keeping this seam small lets the session be tested against a fake.
 */
import type { Addr } from "../../../runtime/mod.ts";
import type { ServiceName } from "../../config/mod.ts";

/** A reply the backend wants sent: e.g. `{ code: 550, enhanced: "5.1.1", text: "no such user here" }`. */
export interface SmtpReply {
  code: number;
  /** RFC 3463 enhanced status code, without the leading class check (the session validates it). */
  enhanced?: string;
  text: string;
}

/** An authenticated submitter. */
export interface SmtpIdentity {
  accountId: number;
  /** The account's own address (login name). */
  address: string;
}

/** What the backend may know about the session asking. */
export interface SmtpSessionInfo {
  service: ServiceName;
  remote: Addr;
  /** TLS in force (implicit or after STARTTLS). */
  secure: boolean;
  /** The EHLO/HELO argument. */
  helo?: string;
  /** Set after a successful AUTH. */
  identity?: SmtpIdentity;
}

/** A recipient the backend accepted at RCPT time; opaque to the session beyond `address`. */
export interface AcceptedRecipient {
  /** The address as the client gave it (for replies and the DSN ORCPT). */
  address: string;
  /** Delivered into a mailbox here, or queued for another server. */
  local: boolean;
  /** Backend-private resolution (accounts after aliases, catch-all, plus-addressing). */
  targets: unknown;
  /** DSN parameters given with this RCPT (RFC 3461), stored with the message. */
  dsn?: { notify?: string[]; orcpt?: string };
}

export interface Envelope {
  /** The transaction id the session wrote into the Received header; "queued as" should name it. */
  id?: string;
  /** Reverse path; "" for the null sender `<>`. */
  from: string;
  recipients: AcceptedRecipient[];
  /** MAIL parameters that matter downstream. */
  params: { body?: "7BIT" | "8BITMIME" | "BINARYMIME"; smtputf8?: boolean; ret?: "FULL" | "HDRS"; envid?: string; size?: number };
}

export interface SmtpBackend {
  /** AUTH: the identity, or null for wrong credentials (identical answer for an unknown user). */
  authenticate(username: string, password: string): Promise<SmtpIdentity | null>;
  /** MAIL FROM: null to accept, or the refusal (e.g. 553 5.7.1 sender not owned by the user on submission). */
  checkSender(session: SmtpSessionInfo, from: string): Promise<SmtpReply | null>;
  /**
   * RCPT TO: accepted, or the refusal — 550 5.1.1 unknown local user, 554/550 5.7.1 relaying denied
   * for an unauthenticated session and a non-local domain, 452 4.2.2 / 552 5.2.2 over quota, ...
   * The session has already checked syntax and the recipients-per-message limit.
   */
  checkRecipient(session: SmtpSessionInfo, rcpt: string, dsn?: AcceptedRecipient["dsn"]): Promise<{ ok: true; recipient: AcceptedRecipient } | { ok: false; reply: SmtpReply }>;
  /**
   * Stores the message (trace header already prepended by the session) for every recipient:
   * into local mailboxes and/or the outbound queue. Resolves only once everything is durable, with
   * the reply to send (250 2.0.0 ... queued as ID, or 451/452/552 on failure — then nothing was kept).
   */
  deliver(session: SmtpSessionInfo, envelope: Envelope, message: Uint8Array): Promise<SmtpReply>;
}
