import { and, asc, eq } from "drizzle-orm";
import type { StoreContext } from "./context.ts";
import { findDomain } from "./domains.ts";
import { isUniqueViolation, StoreError } from "./errors.ts";
import { normalizeDomain, parseAddress, parseAliasSource } from "./names.ts";
import { accounts, aliases, domains } from "./schema.ts";

/** An alias: mail to `source` goes to `destinations` (`@domain` catches every unknown local part). */
export interface Alias {
  id: number;
  source: string;
  domain: string;
  destinations: string[];
  enabled: boolean;
  createdAt: Date;
}

const columns = {
  id: aliases.id,
  source: aliases.source,
  domain: domains.name,
  destinations: aliases.destinations,
  enabled: aliases.enabled,
  createdAt: aliases.createdAt,
};

/** store.aliases */
export class Aliases {
  readonly #ctx: StoreContext;
  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /**
   * Adds an alias. The source's domain must be one of ours (StoreError "not_found"); "exists" when the
   * source is already an alias or an account; destinations are addresses anywhere, at least one.
   */
  async add(source: string, destinations: string[]): Promise<Alias> {
    const s = parseAliasSource(source);
    if (!Array.isArray(destinations) || destinations.length === 0) throw new StoreError("invalid", `alias ${s.source} needs at least one destination`);
    const dest = [...new Set(destinations.map((d) => parseAddress(d).address))];
    try {
      return await this.#ctx.writer.run(async (tx) => {
        const d = await findDomain(tx, s.domain);
        if (!d) throw new StoreError("not_found", `domain ${s.domain} not found`);
        if (s.local !== null) {
          const [acct] = await tx.select({ id: accounts.id }).from(accounts).where(and(eq(accounts.domainId, d.id), eq(accounts.localPart, s.local)));
          if (acct) throw new StoreError("exists", `address ${s.source} is already an account`);
        }
        const [row] = await tx.insert(aliases).values({ domainId: d.id, source: s.source, destinations: dest, enabled: true, createdAt: new Date() }).returning();
        return { id: row.id, source: row.source, domain: d.name, destinations: row.destinations, enabled: row.enabled, createdAt: row.createdAt };
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new StoreError("exists", `alias ${s.source} already exists`);
      throw e;
    }
  }

  /** Every alias, or a domain's, by source. */
  async list(domain?: string): Promise<Alias[]> {
    const q = this.#ctx.db.select(columns).from(aliases).innerJoin(domains, eq(aliases.domainId, domains.id));
    return (domain === undefined ? q : q.where(eq(domains.name, normalizeDomain(domain)))).orderBy(asc(aliases.source));
  }

  /** The alias for exactly this source (an address or `@domain`), or null. */
  async get(source: string): Promise<Alias | null> {
    const s = parseAliasSource(source);
    const [row] = await this.#ctx.db.select(columns).from(aliases).innerJoin(domains, eq(aliases.domainId, domains.id)).where(eq(aliases.source, s.source));
    return row ?? null;
  }

  /** Removes an alias; StoreError "not_found" if there is none. */
  async remove(source: string): Promise<void> {
    const s = parseAliasSource(source);
    const rows = await this.#ctx.writer.run((tx) => tx.delete(aliases).where(eq(aliases.source, s.source)).returning({ id: aliases.id }));
    if (rows.length === 0) throw new StoreError("not_found", `alias ${s.source} not found`);
  }
}
