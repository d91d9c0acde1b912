import { and, asc, eq } from "drizzle-orm";
import { dropBlobs, type StoreContext } from "./context.ts";
import { findDomain } from "./domains.ts";
import { isUniqueViolation, StoreError } from "./errors.ts";
import { createMailbox, DEFAULT_MAILBOXES } from "./mailboxes.ts";
import { normalizeDomain, parseAddress } from "./names.ts";
import { hashPassword, needsRehash, verifyPassword } from "./password.ts";
import { accounts, aliases, domains, mailboxes, messages } from "./schema.ts";
import { afterCommit, type Conn } from "./writer.ts";

/** A mail account (a mailbox owner who can log in). */
export interface Account {
  id: number;
  domainId: number;
  domain: string;
  /** Case as created; matched ignoring case. */
  localPart: string;
  /** `localPart@domain`. */
  address: string;
  displayName: string;
  /** Quota in bytes; 0 means unlimited. */
  quota: number;
  usedBytes: number;
  enabled: boolean;
  createdAt: Date;
}

const columns = {
  id: accounts.id,
  domainId: accounts.domainId,
  domain: domains.name,
  domainEnabled: domains.enabled,
  localPart: accounts.localPart,
  displayName: accounts.displayName,
  passwordHash: accounts.passwordHash,
  quota: accounts.quotaBytes,
  usedBytes: accounts.usedBytes,
  enabled: accounts.enabled,
  createdAt: accounts.createdAt,
};

type Row = { [K in keyof typeof columns]: (typeof columns)[K]["_"]["data"] };

function toAccount(r: Row): Account {
  return {
    id: r.id,
    domainId: r.domainId,
    domain: r.domain,
    localPart: r.localPart,
    address: `${r.localPart}@${r.domain}`,
    displayName: r.displayName,
    quota: r.quota,
    usedBytes: r.usedBytes,
    enabled: r.enabled,
    createdAt: r.createdAt,
  };
}

async function findRow(conn: Conn, address: string): Promise<Row | null> {
  const a = parseAddress(address);
  const [row] = await conn.select(columns).from(accounts).innerJoin(domains, eq(accounts.domainId, domains.id))
    .where(and(eq(domains.name, a.domain), eq(accounts.localPart, a.local)));
  return row ?? null;
}

function checkQuota(quota: number | undefined): number {
  if (quota === undefined) return 0;
  if (!Number.isSafeInteger(quota) || quota < 0) throw new StoreError("invalid", `invalid quota: ${quota} (bytes, 0 for unlimited)`);
  return quota;
}

function checkPassword(password: string): string {
  if (typeof password !== "string" || password.length === 0) throw new StoreError("invalid", "password must not be empty");
  if (password.length > 1024) throw new StoreError("invalid", "password is longer than 1024 characters");
  return password;
}

// Verifying against a throwaway hash when there is no such account keeps the answer time the same,
// so timing does not tell which addresses exist.
let decoy: Promise<string> | undefined;

/** store.accounts */
export class Accounts {
  readonly #ctx: StoreContext;
  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /**
   * Creates an account with its default mailboxes (INBOX, Drafts, Sent, Junk, Trash, Archive).
   * The domain must exist (StoreError "not_found"); "exists" if the address is an account or alias.
   */
  async add(o: { address: string; password: string; quota?: number; displayName?: string }): Promise<Account> {
    const a = parseAddress(o.address);
    const quota = checkQuota(o.quota);
    checkPassword(o.password);
    if (!(await findDomain(this.#ctx.db, a.domain))) throw new StoreError("not_found", `domain ${a.domain} not found`);
    const passwordHash = await hashPassword(o.password);
    try {
      return await this.#ctx.writer.run(async (tx) => {
        const d = await findDomain(tx, a.domain);
        if (!d) throw new StoreError("not_found", `domain ${a.domain} not found`);
        const [alias] = await tx.select({ id: aliases.id }).from(aliases).where(eq(aliases.source, a.address));
        if (alias) throw new StoreError("exists", `address ${a.address} is already an alias`);
        const [row] = await tx.insert(accounts).values({
          domainId: d.id, localPart: a.local, displayName: o.displayName ?? "", passwordHash, quotaBytes: quota, createdAt: new Date(),
        }).returning({ id: accounts.id });
        for (const m of DEFAULT_MAILBOXES) await createMailbox(tx, row.id, m.name, m.specialUse);
        return toAccount((await findRow(tx, a.address))!);
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new StoreError("exists", `account ${a.address} already exists`);
      throw e;
    }
  }

  /** Every account, or a domain's, by domain then local part. */
  async list(domain?: string): Promise<Account[]> {
    const q = this.#ctx.db.select(columns).from(accounts).innerJoin(domains, eq(accounts.domainId, domains.id));
    const rows = await (domain === undefined ? q : q.where(eq(domains.name, normalizeDomain(domain)))).orderBy(asc(domains.name), asc(accounts.localPart));
    return rows.map(toAccount);
  }

  /** The account, or null. */
  async get(address: string): Promise<Account | null> {
    const row = await findRow(this.#ctx.db, address);
    return row ? toAccount(row) : null;
  }

  /** Removes an account with its mailboxes, messages and message bodies. */
  async remove(address: string): Promise<void> {
    const a = parseAddress(address);
    const after = await this.#ctx.writer.run(async (tx) => {
      const row = await findRow(tx, a.address);
      if (!row) throw new StoreError("not_found", `account ${a.address} not found`);
      const owned = await tx.select({ blobId: messages.blobId }).from(messages)
        .innerJoin(mailboxes, eq(messages.mailboxId, mailboxes.id)).where(eq(mailboxes.accountId, row.id));
      const release = await dropBlobs(this.#ctx, tx, owned.map((r) => r.blobId));
      const boxes = await tx.select({ id: mailboxes.id }).from(mailboxes).where(eq(mailboxes.accountId, row.id));
      await tx.delete(accounts).where(eq(accounts.id, row.id));
      // Sessions of this account (IMAP IDLE, POP3) learn that its mailboxes are gone.
      afterCommit(tx, () => this.#ctx.changes.publish({ kind: "mailboxes", accountId: row.id, op: "delete", mailboxIds: boxes.map((b) => b.id) }));
      return release;
    });
    await after();
  }

  /** Replaces the password. */
  async setPassword(address: string, password: string): Promise<void> {
    const a = parseAddress(address);
    checkPassword(password);
    if (!(await findRow(this.#ctx.db, a.address))) throw new StoreError("not_found", `account ${a.address} not found`);
    const passwordHash = await hashPassword(password);
    await this.#set(a.address, { passwordHash });
  }

  /** Sets the quota in bytes (0 = unlimited). */
  async setQuota(address: string, quota: number): Promise<void> {
    await this.#set(parseAddress(address).address, { quotaBytes: checkQuota(quota) });
  }

  /** Enables or disables logins for the account. */
  async setEnabled(address: string, enabled: boolean): Promise<void> {
    await this.#set(parseAddress(address).address, { enabled });
  }

  /** Sets the display name. */
  async setDisplayName(address: string, displayName: string): Promise<void> {
    await this.#set(parseAddress(address).address, { displayName });
  }

  /**
   * The account when the password is right and the account and its domain are enabled, else null.
   * A hash made with older parameters is replaced on a successful login.
   */
  async verify(address: string, password: string): Promise<Account | null> {
    let row: Row | null = null;
    try {
      row = await findRow(this.#ctx.db, address);
    } catch (e) {
      if (!(e instanceof StoreError)) throw e;
    }
    if (!row) {
      decoy ??= hashPassword("wrenmail-decoy");
      await verifyPassword(password, await decoy);
      return null;
    }
    if (!(await verifyPassword(password, row.passwordHash))) return null;
    if (!row.enabled || !row.domainEnabled) return null;
    if (needsRehash(row.passwordHash)) {
      const passwordHash = await hashPassword(password);
      await this.#ctx.writer.run((tx) => tx.update(accounts).set({ passwordHash }).where(eq(accounts.id, row.id)));
    }
    return toAccount(row);
  }

  async #set(address: string, set: Partial<typeof accounts.$inferInsert>): Promise<void> {
    const rows = await this.#ctx.writer.run(async (tx) => {
      const row = await findRow(tx, address);
      if (!row) return [];
      return tx.update(accounts).set(set).where(eq(accounts.id, row.id)).returning({ id: accounts.id });
    });
    if (rows.length === 0) throw new StoreError("not_found", `account ${address} not found`);
  }
}
