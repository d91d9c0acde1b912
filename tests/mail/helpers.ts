import assert from "node:assert/strict";
import { createLogger } from "../../src/log/logger.ts";
import { createSmtpBackend, type SmtpBackendOptions } from "../../src/mail/backend.ts";
import type { MailSessionInfo } from "../../src/mail/session.ts";
import type { AcceptedRecipient, Envelope, SmtpBackend, SmtpIdentity, SmtpReply } from "../../src/protocols/smtp/backend.ts";
import type { BlobStoreKind, Store } from "../../src/store/mod.ts";
import { withStore } from "../store/helpers.ts";

export { bytes, text } from "../store/helpers.ts";


/** The local domain of the fixture; `.test` is no IANA TLD, which a local domain may still use. */
export const LOCAL = "example.test";
/** A domain that is not ours, with a real TLD. */
export const REMOTE = "remote.example.com";

export interface MailFixture {
  store: Store;
  backend: SmtpBackend;
  /** Lines the backend logged. */
  logged: string[];
  dir: string;
}

/**
 * A store in a temp dir with `example.test` and accounts alice and bob (password "pw"), and a
 * backend over it. `setup` runs before the backend is made, to add more.
 */
export async function withMail(
  fn: (f: MailFixture) => Promise<void>,
  o: { blobs?: BlobStoreKind; backend?: Partial<SmtpBackendOptions>; accounts?: string[] } = {},
): Promise<void> {
  await withStore(async (store, dir) => {
    await store.domains.add(LOCAL);
    for (const a of o.accounts ?? ["alice", "bob"]) await store.accounts.add({ address: `${a}@${LOCAL}`, password: "pw" });
    const logged: string[] = [];
    const log = createLogger({ write: (l) => logged.push(l) });
    const backend = createSmtpBackend({ store, log, ...o.backend });
    await fn({ store, backend, logged, dir });
  }, { blobs: o.blobs ?? "database" });
}

/** A port-25 session from another server, not authenticated. */
export function inbound(extra: Partial<MailSessionInfo> = {}): MailSessionInfo {
  return { service: "smtp", remote: { address: "203.0.113.9", port: 40001 }, secure: false, helo: "mx.remote.example.com", ...extra };
}

/** A submission session authenticated as `identity`. */
export function submission(identity: SmtpIdentity, extra: Partial<MailSessionInfo> = {}): MailSessionInfo {
  return { service: "submission", remote: { address: "198.51.100.7", port: 40002 }, secure: true, helo: "laptop", identity, ...extra };
}

/** The identity of an account of the fixture. */
export async function identityOf(store: Store, address: string): Promise<SmtpIdentity> {
  const a = await store.accounts.get(address);
  assert.ok(a, `no account ${address}`);
  return { accountId: a.id, address: a.address };
}

/** `code enhanced` of a reply, for compact assertions. */
export const codes = (r: SmtpReply | null) => (r ? `${r.code} ${r.enhanced ?? ""}`.trim() : "accepted");

/** RCPT: the accepted recipient, or fails the test with the reply. */
export async function accept(backend: SmtpBackend, session: MailSessionInfo, rcpt: string): Promise<AcceptedRecipient> {
  const r = await backend.checkRecipient(session, rcpt);
  assert.ok(r.ok, r.ok ? "" : `RCPT ${rcpt} refused: ${codes(r.reply)} ${r.reply.text}`);
  return r.recipient;
}

/** RCPT: the refusal's `code enhanced`, or "accepted". */
export async function rcptCode(backend: SmtpBackend, session: MailSessionInfo, rcpt: string): Promise<string> {
  const r = await backend.checkRecipient(session, rcpt);
  return r.ok ? "accepted" : codes(r.reply);
}

/** Account addresses and remote addresses an accepted recipient resolved to. */
export function resolved(r: AcceptedRecipient): { accounts: string[]; remote: string[] } {
  const t = r.targets as { accounts: { address: string }[]; remote: string[] };
  return { accounts: t.accounts.map((a) => a.address).sort(), remote: [...t.remote].sort() };
}

/** An envelope for DATA. */
export function envelope(from: string, recipients: AcceptedRecipient[]): Envelope {
  return { from, recipients, params: {} };
}

/** The bodies stored in an account's INBOX, as text. */
export async function inbox(store: Store, address: string): Promise<string[]> {
  const a = await store.accounts.get(address);
  assert.ok(a);
  const box = await store.mailboxes.get(a.id, "INBOX");
  assert.ok(box);
  const out: string[] = [];
  for (const m of await store.messages.list(box.id)) out.push(new TextDecoder().decode((await store.blobs.get(m.blobId))!));
  return out;
}

/** Rows in the database blob table (message bodies kept in the database). */
export async function blobRows(store: Store): Promise<number> {
  const { rows } = await store.client.execute("SELECT count(*) AS n FROM blobs");
  return Number(rows[0].n);
}
