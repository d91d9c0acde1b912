/**
 * Stores an accepted message: one copy per local account (with `Return-Path:` prepended, RFC 5321
 * section 4.4, since this is final delivery) into its INBOX, and one outbound queue entry for all
 * remote recipients (unchanged: Return-Path belongs to the final server). Every row of one message
 * commits in ONE transaction, so a 250 means all copies are durable and a failure leaves nothing
 * behind, and a client that retries after a failure never causes a duplicate.
 *
 * DSN parameters (NOTIFY, ORCPT, RET, ENVID) are not kept yet: the queue table has no column for
 * them (see the report on issue 5).
 *
 * @module
 */
import { randomBytes } from "node:crypto";
import type { Envelope, SmtpReply, SmtpSessionInfo } from "../protocols/smtp/backend.ts";
import type { Logger } from "../log/logger.ts";
import { storableSummary } from "./summary.ts";
import { stageBlob, StoreError, type QueueDsn, type StagedBlob, type Store } from "../store/mod.ts";
import { parseAddress } from "./address.ts";
import { targetsOf } from "./recipients.ts";
import { replies } from "./replies.ts";
import { isNullSender } from "./sender.ts";

const encoder = new TextEncoder();

/** The summary to store with the local copies, or undefined (logged) when there is none to store. */
function summaryOf(log: Logger, session: SmtpSessionInfo, id: string, stored: Uint8Array): string | undefined {
  const r = storableSummary(stored);
  if (r.ok) return r.json;
  log[r.level](session.service, `deliver: ${r.why}; left for IMAP to compute`, { id });
  return undefined;
}

/** `Return-Path: <sender>` + CRLF, then the message bytes untouched. */
export function withReturnPath(sender: string, message: Uint8Array): Uint8Array {
  const head = encoder.encode(`Return-Path: <${sender}>\r\n`);
  const out = new Uint8Array(head.byteLength + message.byteLength);
  out.set(head, 0);
  out.set(message, head.byteLength);
  return out;
}

/** Delivers a message for an envelope whose recipients came from resolveRecipient. */
export async function deliverMessage(store: Store, log: Logger, session: SmtpSessionInfo, envelope: Envelope, message: Uint8Array): Promise<SmtpReply> {
  // One id from Received header to "queued as" to the log, so an admin can follow a message.
  const id = envelope.id ?? randomBytes(8).toString("hex");
  const accounts = new Map<number, string>();
  const remote: string[] = [];
  const dsnRecipients: QueueDsn["recipients"] = {};
  for (const r of envelope.recipients) {
    const t = targetsOf(r);
    if (!t) {
      log.error(session.service, "deliver: a recipient was not resolved by this backend", { id, rcpt: r.address });
      return replies.localError;
    }
    for (const a of t.accounts) if (!accounts.has(a.accountId)) accounts.set(a.accountId, a.address);
    for (const x of t.remote) {
      if (remote.includes(x)) continue;
      remote.push(x);
      if (r.dsn && (r.dsn.notify || r.dsn.orcpt)) dsnRecipients[x] = { ...r.dsn };
    }
  }
  if (accounts.size === 0 && remote.length === 0) return replies.noRecipients;

  // The header and the queue take the sender normalised; parsing again also keeps CR/LF out of the header.
  let sender = "";
  if (!isNullSender(envelope.from)) {
    const p = parseAddress(envelope.from, { smtputf8: true, checkTld: false });
    if (!p.ok) return replies.badSender(p.detail);
    sender = p.mailbox.address;
    // The queue refuses senders it could not use in MAIL FROM later (quoted local parts, literals).
    if (remote.length > 0 && (p.mailbox.domain.kind !== "name" || p.mailbox.localWire.startsWith('"'))) return replies.senderNotForwardable;
  }

  const inboxes: { accountId: number; address: string; mailboxId: number }[] = [];
  for (const [accountId, address] of accounts) {
    const box = await store.mailboxes.get(accountId, "INBOX");
    if (!box) {
      log.warn(session.service, "deliver: recipient account or INBOX vanished since RCPT", { id, address });
      return replies.recipientsChanged;
    }
    inboxes.push({ accountId, address, mailboxId: box.id });
  }

  const local = inboxes.length > 0 ? withReturnPath(sender, message) : null;
  // Every local copy holds the same bytes, so one summary serves them all.
  const summary = local ? summaryOf(log, session, id, local) : undefined;
  const staged: StagedBlob[] = [];
  try {
    const settled = await Promise.allSettled([
      ...inboxes.map(() => stageBlob(store.blobs, local!)),
      ...(remote.length > 0 ? [stageBlob(store.blobs, message)] : []),
    ]);
    for (const s of settled) if (s.status === "fulfilled") staged.push(s.value);
    for (const s of settled) if (s.status === "rejected") throw s.reason;
    const bodies = staged;
    await store.write(async (tx) => {
      for (const [i, box] of inboxes.entries()) await store.messages.appendIn(tx, { mailboxId: box.mailboxId, body: bodies[i], summary });
      if (remote.length > 0) {
        const { envid, ret, body, smtputf8 } = envelope.params;
        const dsn: QueueDsn = { id, recipients: dsnRecipients, ...(envid ? { envid } : {}), ...(ret ? { ret } : {}), ...(body ? { body } : {}), ...(smtputf8 ? { smtputf8 } : {}) };
        await store.queue.enqueueIn(tx, { sender, recipients: remote, body: bodies[inboxes.length], dsn });
      }
    });
  } catch (e) {
    await Promise.all(staged.map((b) => b.discard()));
    if (e instanceof StoreError && e.code === "over_quota") {
      log.info(session.service, "deliver: over quota", { id, from: sender, reason: e.message });
      return replies.overQuota;
    }
    if (e instanceof StoreError && e.code === "not_found") {
      log.warn(session.service, "deliver: recipient mailbox vanished during delivery", { id, reason: e.message });
      return replies.recipientsChanged;
    }
    log.error(session.service, "deliver: message not stored", { id, error: String(e) });
    return replies.localError;
  }
  log.info(session.service, "delivered", { id, from: sender, local: inboxes.map((b) => b.address), remote, size: message.byteLength });
  return replies.queued(id);
}
