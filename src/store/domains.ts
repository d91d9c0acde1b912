import { asc, eq } from "drizzle-orm";
import { dropBlobs, type StoreContext } from "./context.ts";
import { isUniqueViolation, StoreError } from "./errors.ts";
import { normalizeDomain, parseAddress } from "./names.ts";
import { accounts, domains, mailboxes, messages } from "./schema.ts";
import { afterCommit, type Conn } from "./writer.ts";

/** A mail domain this server receives for. */
export interface Domain {
  id: number;
  /** Lower-case ASCII (IDNA) name. */
  name: string;
  /** Where mail for unknown local parts goes, or null to refuse it. */
  catchAll: string | null;
  enabled: boolean;
  createdAt: Date;
}

/** Looks a domain up by (normalised) name inside a read or write. */
export async function findDomain(conn: Conn, name: string): Promise<Domain | null> {
  const [row] = await conn.select().from(domains).where(eq(domains.name, name));
  return row ?? null;
}

/** store.domains */
export class Domains {
  readonly #ctx: StoreContext;
  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /** Adds a domain; StoreError "exists" if it is already there, "invalid" for a bad name. */
  async add(name: string, o: { catchAll?: string | null } = {}): Promise<Domain> {
    const n = normalizeDomain(name);
    const catchAll = o.catchAll ? parseAddress(o.catchAll).address : null;
    try {
      return await this.#ctx.writer.run(async (tx) => {
        const [row] = await tx.insert(domains).values({ name: n, catchAll, enabled: true, createdAt: new Date() }).returning();
        return row;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new StoreError("exists", `domain ${n} already exists`);
      throw e;
    }
  }

  /** Every domain, by name. */
  list(): Promise<Domain[]> {
    return this.#ctx.db.select().from(domains).orderBy(asc(domains.name));
  }

  /** The domain, or null. */
  get(name: string): Promise<Domain | null> {
    return findDomain(this.#ctx.db, normalizeDomain(name));
  }

  /**
   * Removes a domain with its aliases. Refuses (StoreError "invalid") while it has accounts unless
   * `force`, which also removes the accounts, their mailboxes, messages and message bodies.
   */
  async remove(name: string, o: { force?: boolean } = {}): Promise<void> {
    const n = normalizeDomain(name);
    const after = await this.#ctx.writer.run(async (tx) => {
      const d = await findDomain(tx, n);
      if (!d) throw new StoreError("not_found", `domain ${n} not found`);
      const users = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.domainId, d.id)).limit(1);
      if (users.length > 0 && !o.force) throw new StoreError("invalid", `domain ${n} still has accounts; remove them first or force`);
      const owned = await tx.select({ blobId: messages.blobId }).from(messages)
        .innerJoin(mailboxes, eq(messages.mailboxId, mailboxes.id))
        .innerJoin(accounts, eq(mailboxes.accountId, accounts.id))
        .where(eq(accounts.domainId, d.id));
      const release = await dropBlobs(this.#ctx, tx, owned.map((r) => r.blobId));
      const boxes = await tx.select({ id: mailboxes.id, accountId: mailboxes.accountId }).from(mailboxes)
        .innerJoin(accounts, eq(mailboxes.accountId, accounts.id)).where(eq(accounts.domainId, d.id));
      await tx.delete(domains).where(eq(domains.id, d.id));
      // Sessions of the removed accounts learn that their mailboxes are gone.
      afterCommit(tx, () => {
        const byAccount = new Map<number, number[]>();
        for (const b of boxes) byAccount.set(b.accountId, [...(byAccount.get(b.accountId) ?? []), b.id]);
        for (const [accountId, mailboxIds] of byAccount) this.#ctx.changes.publish({ kind: "mailboxes", accountId, op: "delete", mailboxIds });
      });
      return release;
    });
    await after();
  }

  /** Sets or clears (null) the catch-all target. */
  async setCatchAll(name: string, target: string | null): Promise<void> {
    const n = normalizeDomain(name);
    const catchAll = target ? parseAddress(target).address : null;
    await this.#update(n, { catchAll });
  }

  /** Enables or disables a domain (a disabled domain's accounts cannot log in). */
  async setEnabled(name: string, enabled: boolean): Promise<void> {
    await this.#update(normalizeDomain(name), { enabled });
  }

  async #update(n: string, set: Partial<Pick<Domain, "catchAll" | "enabled">>): Promise<void> {
    const rows = await this.#ctx.writer.run((tx) => tx.update(domains).set(set).where(eq(domains.name, n)).returning({ id: domains.id }));
    if (rows.length === 0) throw new StoreError("not_found", `domain ${n} not found`);
  }
}
