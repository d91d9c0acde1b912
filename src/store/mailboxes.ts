import { and, asc, eq } from "drizzle-orm";
import type { StoreContext } from "./context.ts";
import { isForeignKeyViolation, isUniqueViolation, StoreError } from "./errors.ts";
import { counters, mailboxes } from "./schema.ts";
import type { Conn, Tx } from "./writer.ts";
import type { MailboxesMailApi, MailboxStatus } from "./mail-api.ts";

const todo = (name: string): never => {
  throw new StoreError("invalid", `store.mailboxes.${name} is not implemented yet`);
};

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

/** Creates a mailbox inside a write; StoreError "exists" if the account has one by that name. */
export async function createMailbox(tx: Tx, accountId: number, name: string, specialUse: string | null = null): Promise<Mailbox> {
  const n = normalizeMailboxName(name);
  if (specialUse !== null && !SPECIAL_USE.has(specialUse)) throw new StoreError("invalid", `invalid special-use attribute: ${specialUse}`);
  const uidValidity = await nextUidValidity(tx);
  try {
    const [row] = await tx.transaction((sp) =>
      sp.insert(mailboxes).values({ accountId, name: n, specialUse, uidValidity, subscribed: true, createdAt: new Date() }).returning(),
    );
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
    return this.#ctx.writer.run((tx) => createMailbox(tx, accountId, name, o.specialUse ?? null));
  }

  // Mail-access API (mail-api.ts); stubs until implemented.
  status(_mailboxId: number): Promise<MailboxStatus> { return todo("status"); }
  delete(_accountId: number, _name: string): Promise<void> { return todo("delete"); }
  rename(_accountId: number, _from: string, _to: string): Promise<void> { return todo("rename"); }
  setSubscribed(_accountId: number, _name: string, _subscribed: boolean): Promise<void> { return todo("setSubscribed"); }
  byId(_mailboxId: number): Promise<Mailbox | null> { return todo("byId"); }
}
