import { and, asc, eq, sql } from "drizzle-orm";
import { dropBlobs, type StoreContext } from "./context.ts";
import { isForeignKeyViolation, isUniqueViolation, StoreError } from "./errors.ts";
import { DELETED, SEEN } from "./flags.ts";
import { releaseBytes } from "./quota.ts";
import { counters, mailboxes, messages } from "./schema.ts";
import { transferIn } from "./transfer.ts";
import { afterCommit, type Conn, type Tx } from "./writer.ts";
import type { MailboxesMailApi, MailboxStatus, MailChanges } from "./mail-api.ts";

/** An IMAP mailbox of one account. */
export interface Mailbox {
  id: number;
  accountId: number;
  name: string;
  /** RFC 6154 attribute such as `\Sent`, or null. */
  specialUse: string | null;
  uidValidity: number;
  uidNext: number;
  highestModseq: number;
  subscribed: boolean;
  createdAt: Date;
}

/** The mailboxes every new account gets, with their RFC 6154 SPECIAL-USE attributes. */
export const DEFAULT_MAILBOXES: readonly { name: string; specialUse: string | null }[] = [
  { name: "INBOX", specialUse: null },
  { name: "Drafts", specialUse: "\\Drafts" },
  { name: "Sent", specialUse: "\\Sent" },
  { name: "Junk", specialUse: "\\Junk" },
  { name: "Trash", specialUse: "\\Trash" },
  { name: "Archive", specialUse: "\\Archive" },
];

const SPECIAL_USE = new Set(["\\All", "\\Archive", "\\Drafts", "\\Flagged", "\\Junk", "\\Sent", "\\Trash"]);

/** INBOX is case-insensitive (RFC 3501 5.1); every other name is kept as given. */
export function normalizeMailboxName(name: string): string {
  if (name.toUpperCase() === "INBOX") return "INBOX";
  if (name === "" || name.length > 512 || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new StoreError("invalid", `invalid mailbox name: ${JSON.stringify(name)}`);
  }
  return name;
}

/**
 * A UIDVALIDITY never handed out before in this database: the clock in seconds, or one more than
 * the last one when several are made within a second, so a mailbox deleted and re-created under
 * the same name always gets a new value.
 */
async function nextUidValidity(tx: Tx): Promise<number> {
  const [row] = await tx.select({ value: counters.value }).from(counters).where(eq(counters.name, "uidvalidity"));
  const value = Math.max(Math.floor(Date.now() / 1000), (row?.value ?? 0) + 1);
  await tx.insert(counters).values({ name: "uidvalidity", value }).onConflictDoUpdate({ target: counters.name, set: { value } });
  return value;
}

/**
 * Creates a mailbox inside a write; StoreError "exists" if the account has one by that name.
 * With `feed`, a "mailboxes" change is published once the write commits.
 */
export async function createMailbox(tx: Tx, accountId: number, name: string, specialUse: string | null = null, feed?: MailChanges): Promise<Mailbox> {
  const n = normalizeMailboxName(name);
  if (specialUse !== null && !SPECIAL_USE.has(specialUse)) throw new StoreError("invalid", `invalid special-use attribute: ${specialUse}`);
  const uidValidity = await nextUidValidity(tx);
  try {
    const [row] = await tx.transaction((sp) =>
      sp.insert(mailboxes).values({ accountId, name: n, specialUse, uidValidity, subscribed: true, createdAt: new Date() }).returning(),
    );
    if (feed) afterCommit(tx, () => feed.publish({ kind: "mailboxes", accountId, op: "create", mailboxIds: [row.id] }));
    return row;
  } catch (e) {
    if (isUniqueViolation(e)) throw new StoreError("exists", `mailbox ${n} already exists`);
    if (isForeignKeyViolation(e)) throw new StoreError("not_found", `account ${accountId} not found`);
    throw e;
  }
}

/** Looks a mailbox up by account and name. */
export async function findMailbox(conn: Conn, accountId: number, name: string): Promise<Mailbox | null> {
  const [row] = await conn.select().from(mailboxes).where(and(eq(mailboxes.accountId, accountId), eq(mailboxes.name, normalizeMailboxName(name))));
  return row ?? null;
}

/** store.mailboxes */
export class Mailboxes implements MailboxesMailApi {
  readonly #ctx: StoreContext;
  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /** An account's mailboxes, INBOX first then by name. */
  async list(accountId: number): Promise<Mailbox[]> {
    const rows = await this.#ctx.db.select().from(mailboxes).where(eq(mailboxes.accountId, accountId)).orderBy(asc(mailboxes.name));
    return rows.sort((a, b) => Number(b.name === "INBOX") - Number(a.name === "INBOX"));
  }

  /** The mailbox, or null. */
  get(accountId: number, name: string): Promise<Mailbox | null> {
    return findMailbox(this.#ctx.db, accountId, name);
  }

  /** Creates a mailbox with a fresh UIDVALIDITY. */
  create(accountId: number, name: string, o: { specialUse?: string | null } = {}): Promise<Mailbox> {
    return this.#ctx.writer.run((tx) => createMailbox(tx, accountId, name, o.specialUse ?? null, this.#ctx.changes));
  }

  /** Counters for STATUS/SELECT in one statement (one snapshot); StoreError "not_found". */
  async status(mailboxId: number): Promise<MailboxStatus> {
    // Flags are stored normalized (flags.ts), so `"\\Seen"` in the JSON text is exactly the flag:
    // keywords cannot contain a backslash or a quote.
    // all(), not get(): drizzle's get() throws on an empty result instead of returning undefined.
    const [row] = await this.#ctx.db.all<Record<string, number | null>>(sql`SELECT
      b.uid_next AS uidNext, b.uid_validity AS uidValidity, b.highest_modseq AS highestModseq,
      count(m.id) AS messages, coalesce(sum(m.size), 0) AS size,
      coalesce(sum(instr(m.flags, ${JSON.stringify(SEEN)}) = 0), 0) AS unseen,
      coalesce(sum(instr(m.flags, ${JSON.stringify(DELETED)}) > 0), 0) AS deleted
      FROM ${mailboxes} b LEFT JOIN ${messages} m ON m.mailbox_id = b.id
      WHERE b.id = ${mailboxId} GROUP BY b.id`);
    if (!row) throw new StoreError("not_found", `mailbox ${mailboxId} not found`);
    const n = (k: string) => Number(row[k] ?? 0);
    return {
      messages: n("messages"), unseen: n("unseen"), size: n("size"), deleted: n("deleted"),
      uidNext: n("uidNext"), uidValidity: n("uidValidity"), highestModseq: n("highestModseq"),
    };
  }

  /** See MailboxesMailApi.delete. Bodies: database ones in the write, files after it. */
  async delete(accountId: number, name: string): Promise<void> {
    const n = normalizeMailboxName(name);
    if (n === "INBOX") throw new StoreError("invalid", "INBOX cannot be deleted");
    const ctx = this.#ctx;
    await ctx.writer.run(async (tx) => {
      const box = await findMailbox(tx, accountId, n);
      if (!box) throw new StoreError("not_found", `mailbox ${n} not found`);
      const owned = await tx.select({ blobId: messages.blobId, size: messages.size }).from(messages).where(eq(messages.mailboxId, box.id));
      await releaseBytes(tx, accountId, owned.reduce((s, m) => s + m.size, 0));
      const release = await dropBlobs(ctx, tx, owned.map((m) => m.blobId));
      // Messages and tombstones go with the mailbox (ON DELETE CASCADE).
      await tx.delete(mailboxes).where(eq(mailboxes.id, box.id));
      afterCommit(tx, () => ctx.changes.publish({ kind: "mailboxes", accountId, op: "delete", mailboxIds: [box.id] }));
      afterCommit(tx, release);
    });
  }

  /** See MailboxesMailApi.rename; renaming a mailbox under itself ("a" → "a/b") is "invalid". */
  async rename(accountId: number, from: string, to: string): Promise<void> {
    const f = normalizeMailboxName(from);
    const t = normalizeMailboxName(to);
    if (t === "INBOX") throw new StoreError("exists", "mailbox INBOX already exists");
    const ctx = this.#ctx;
    if (f === "INBOX") return renameInbox(ctx, accountId, t);
    if (t === f) throw new StoreError("exists", `mailbox ${t} already exists`);
    if (t.startsWith(`${f}/`)) throw new StoreError("invalid", `cannot rename ${f} under itself (${t})`);
    await ctx.writer.run(async (tx) => {
      const all = await tx.select({ id: mailboxes.id, name: mailboxes.name }).from(mailboxes).where(eq(mailboxes.accountId, accountId));
      const moving = all.filter((b) => b.name === f || b.name.startsWith(`${f}/`));
      if (!moving.some((b) => b.name === f)) throw new StoreError("not_found", `mailbox ${f} not found`);
      const staying = new Set(all.filter((b) => !moving.includes(b)).map((b) => b.name));
      const renamed = moving.map((b) => ({ id: b.id, name: normalizeMailboxName(t + b.name.slice(f.length)) }));
      for (const r of renamed) if (staying.has(r.name)) throw new StoreError("exists", `mailbox ${r.name} already exists`);
      // Two steps, so no row ever takes a name another row of the set still has ("a/b" → "a"
      // moves "a/b/b" to "a/b"); a control character never appears in a real name.
      for (const r of renamed) await tx.update(mailboxes).set({ name: `\u0000rename-${r.id}` }).where(eq(mailboxes.id, r.id));
      for (const r of renamed) await tx.update(mailboxes).set({ name: r.name }).where(eq(mailboxes.id, r.id));
      afterCommit(tx, () => ctx.changes.publish({ kind: "mailboxes", accountId, op: "rename", mailboxIds: renamed.map((r) => r.id) }));
    });
  }

  /** Sets the subscribed flag; "not_found" if missing. */
  async setSubscribed(accountId: number, name: string, subscribed: boolean): Promise<void> {
    const n = normalizeMailboxName(name);
    if (typeof subscribed !== "boolean") throw new StoreError("invalid", "subscribed must be true or false");
    const ctx = this.#ctx;
    await ctx.writer.run(async (tx) => {
      const [row] = await tx.update(mailboxes).set({ subscribed })
        .where(and(eq(mailboxes.accountId, accountId), eq(mailboxes.name, n))).returning({ id: mailboxes.id });
      if (!row) throw new StoreError("not_found", `mailbox ${n} not found`);
      afterCommit(tx, () => ctx.changes.publish({ kind: "mailboxes", accountId, op: "subscribe", mailboxIds: [row.id] }));
    });
  }

  /** The mailbox by id, or null. */
  async byId(mailboxId: number): Promise<Mailbox | null> {
    const [row] = await this.#ctx.db.select().from(mailboxes).where(eq(mailboxes.id, mailboxId));
    return row ?? null;
  }
}

/**
 * RFC 3501 6.3.5: renaming INBOX moves all its messages into a new mailbox of that name (fresh
 * UIDVALIDITY, UIDs from 1) and leaves INBOX in place, empty; its children stay where they are.
 * For INBOX's sessions the messages were expunged (tombstones, an expunge event).
 */
async function renameInbox(ctx: StoreContext, accountId: number, to: string): Promise<void> {
  await ctx.writer.run(async (tx) => {
    const inbox = await findMailbox(tx, accountId, "INBOX");
    if (!inbox) throw new StoreError("not_found", "mailbox INBOX not found");
    const target = await createMailbox(tx, accountId, to);
    const uids = await tx.select({ uid: messages.uid }).from(messages).where(eq(messages.mailboxId, inbox.id)).orderBy(asc(messages.uid));
    await transferIn(ctx, tx, inbox.id, uids.map((r) => r.uid), target.id, { move: true, staged: null });
    afterCommit(tx, () => ctx.changes.publish({ kind: "mailboxes", accountId, op: "rename", mailboxIds: [inbox.id, target.id] }));
  });
}
