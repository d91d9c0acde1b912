/**
 * Where mail for an address in one of our domains ends up: accounts here and/or addresses
 * elsewhere, after aliases (recursively), plus-addressing and the catch-all.
 *
 * Lookup order for `local@domain`, first match wins:
 *   1. an account `local@domain` (local part ignoring ASCII case);
 *   2. an enabled alias `local@domain`;
 *   3. with `local` = `base+tag`: the account, then the alias, for `base@domain`;
 *   4. the catch-all: an enabled `@domain` alias, else the domain's `catchAll` address. The alias
 *      wins over the domain setting (one rule, so an admin never gets both): alias rows are where
 *      every other forwarding is configured and can hold several destinations.
 * Alias destinations in our domains are resolved the same way; cycles are cut (the address that
 * would repeat contributes nothing, recorded as a "loop"), and depth and size are capped so a
 * misconfiguration cannot make one RCPT do unbounded work.
 *
 * @module
 */
import type { Account, Domain, Store } from "../store/mod.ts";
import { parseAddress, quoteLocal } from "./address.ts";

/** Most alias hops from the address given to a final target. */
export const MAX_ALIAS_DEPTH = 10;
/** Most addresses looked at while expanding one recipient. */
export const MAX_EXPANSION_STEPS = 200;

/** An account a message will be stored for. */
export interface AccountTarget {
  accountId: number;
  address: string;
  /** Quota in bytes (0 = unlimited) and bytes used, as of the lookup. */
  quota: number;
  usedBytes: number;
}

/** Why an address along the way delivered nowhere. */
export type SkipReason = "unknown" | "disabled" | "loop" | "refused";

/** The result of expanding one address. */
export interface Expansion {
  /** Distinct accounts, in the order first reached. */
  accounts: AccountTarget[];
  /** Distinct addresses outside our domains, normalised. */
  remote: string[];
  /** Addresses that delivered nowhere, and why (for the reply when nothing else is left, and the log). */
  skipped: { address: string; why: SkipReason }[];
}

export type ExpandResult = { ok: true; expansion: Expansion } | { ok: false; why: "too_deep" | "too_many"; address: string };

/** Options for expand. */
export interface ExpandOptions {
  /** Apply the catch-all (step 4); off when checking which addresses a user may send as. */
  catchAll?: boolean;
}

/** Local parts that name another destination in old relay syntaxes; never honoured here. */
export const ROUTING_LOCAL_PART = /[%!@]/;

class Limit extends Error {
  constructor(readonly why: "too_deep" | "too_many", readonly address: string) {
    super(why);
  }
}

/** Expands `local@domain`, where `domain` is a normalised name that may or may not be ours. */
export async function expand(store: Store, local: string, domain: string, o: ExpandOptions = {}): Promise<ExpandResult> {
  const catchAll = o.catchAll ?? true;
  const out: Expansion = { accounts: [], remote: [], skipped: [] };
  const domains = new Map<string, Domain | null>();
  const path = new Set<string>();
  let steps = 0;

  const domainOf = async (name: string) => {
    if (!domains.has(name)) domains.set(name, await store.domains.get(name).catch(ignoreInvalid));
    return domains.get(name)!;
  };
  const skip = (address: string, why: SkipReason): void => {
    out.skipped.push({ address, why });
  };

  const walk = async (loc: string, dom: string, depth: number): Promise<void> => {
    const address = `${loc}@${dom}`;
    if (++steps > MAX_EXPANSION_STEPS) throw new Limit("too_many", address);
    if (depth > MAX_ALIAS_DEPTH) throw new Limit("too_deep", address);
    const key = address.toLowerCase();
    if (path.has(key)) return skip(address, "loop");
    const d = await domainOf(dom);
    if (!d) {
      const remote = `${quoteLocal(loc)}@${dom}`;
      if (!out.remote.includes(remote)) out.remote.push(remote);
      return;
    }
    if (!d.enabled) return skip(address, "disabled");
    if (ROUTING_LOCAL_PART.test(loc)) return skip(address, "refused");
    const found = await lookup(store, loc, d, catchAll);
    if (found.kind === "none") return skip(address, "unknown");
    if (found.kind === "account") {
      const a = found.account;
      if (!a.enabled) return skip(address, "disabled");
      if (!out.accounts.some((t) => t.accountId === a.id)) out.accounts.push({ accountId: a.id, address: a.address, quota: a.quota, usedBytes: a.usedBytes });
      return;
    }
    path.add(key);
    try {
      for (const dest of found.destinations) {
        const p = parseAddress(dest, { smtputf8: true, checkTld: false });
        if (!p.ok || p.mailbox.domain.kind !== "name") {
          skip(dest, "refused");
          continue;
        }
        await walk(p.mailbox.local, p.mailbox.domain.name, depth + 1);
      }
    } finally {
      path.delete(key);
    }
  };

  try {
    await walk(local, domain, 0);
  } catch (e) {
    if (e instanceof Limit) return { ok: false, why: e.why, address: e.address };
    throw e;
  }
  return { ok: true, expansion: out };
}

type Found =
  | { kind: "account"; account: Account }
  | { kind: "alias"; destinations: string[] }
  | { kind: "none" };

async function lookup(store: Store, local: string, d: Domain, catchAll: boolean): Promise<Found> {
  const exact = await accountOrAlias(store, `${local}@${d.name}`);
  if (exact) return exact;
  const plus = local.indexOf("+");
  if (plus > 0) {
    const base = await accountOrAlias(store, `${local.slice(0, plus)}@${d.name}`);
    if (base) return base;
  }
  if (!catchAll) return { kind: "none" };
  const all = await store.aliases.get(`@${d.name}`);
  if (all?.enabled) return { kind: "alias", destinations: all.destinations };
  if (d.catchAll) return { kind: "alias", destinations: [d.catchAll] };
  return { kind: "none" };
}

// The store refuses (StoreError "invalid") local parts it could never hold, e.g. ones with spaces
// that arrived quoted; such an address simply is not an account or alias.
async function accountOrAlias(store: Store, address: string): Promise<Found | null> {
  const account = await store.accounts.get(address).catch(ignoreInvalid);
  if (account) return { kind: "account", account };
  const alias = await store.aliases.get(address).catch(ignoreInvalid);
  if (alias?.enabled) return { kind: "alias", destinations: alias.destinations };
  return null;
}

function ignoreInvalid(e: unknown): null {
  if ((e as { code?: string }).code === "invalid") return null;
  throw e;
}
