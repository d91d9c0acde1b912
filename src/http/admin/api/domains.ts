import { Hono } from "hono";
import * as v from "valibot";
import type { Domain } from "../../../store/mod.ts";
import { normalizeDomain, parseAddress } from "../../../store/names.ts";
import type { AdminDeps, AdminEnv } from "../deps.ts";
import { ApiError, readJson, validate } from "../errors.ts";
import { flag } from "./query.ts";
import { storeCall } from "./store-call.ts";

const NAME = v.pipe(v.string("expected a domain name as a string"), v.minLength(1, "expected a domain name"), v.maxLength(253, "expected at most 253 characters"));
// null (or "") clears the catch-all; a custom check because the API document's converter knows no nullable.
const CATCH_ALL = v.custom<string | null>(
  (x) => x === null || (typeof x === "string" && x.length <= 320),
  "expected an address (at most 320 characters), or null for none",
);

/** Body of `POST /api/domains`. */
export const DomainCreateSchema = v.strictObject(
  { name: NAME, catchAll: v.optional(CATCH_ALL) },
  "expected a JSON object with name and optionally catchAll",
);

/** Body of `PATCH /api/domains/:name`. */
export const DomainPatchSchema = v.strictObject(
  { enabled: v.optional(v.boolean("expected true or false")), catchAll: v.optional(CATCH_ALL) },
  "expected a JSON object with enabled and/or catchAll",
);

/** A domain as the API shows it, with how many accounts and aliases it holds. */
export interface DomainView {
  name: string;
  catchAll: string | null;
  enabled: boolean;
  createdAt: string;
  accounts: number;
  aliases: number;
}

/**
 * `/api/domains`: the mail domains this server receives for. Removing a domain that still has
 * accounts needs `?force=true` (the accounts and their mail go with it).
 */
export function domainsApi(deps: AdminDeps): Hono<AdminEnv> {
  const { store, log } = deps;
  const view = async (d: Domain): Promise<DomainView> => ({
    name: d.name,
    catchAll: d.catchAll,
    enabled: d.enabled,
    createdAt: d.createdAt.toISOString(),
    accounts: (await store.accounts.list(d.name)).length,
    aliases: (await store.aliases.list(d.name)).length,
  });
  const load = async (name: string): Promise<Domain> => {
    const d = await storeCall(() => store.domains.get(name), "name");
    if (!d) throw new ApiError(404, `no domain named ${JSON.stringify(name)}`);
    return d;
  };

  return new Hono<AdminEnv>()
    .get("/", async (c) => {
      const domains = [];
      for (const d of await store.domains.list()) domains.push(await view(d));
      return c.json({ domains });
    })
    .get("/:name", async (c) => c.json({ domain: await view(await load(c.req.param("name"))) }))
    .post("/", async (c) => {
      const body = validate(DomainCreateSchema, await readJson(c), Object.keys(DomainCreateSchema.entries));
      // Checked one by one so each message lands on its own field.
      await storeCall(async () => normalizeDomain(body.name), "name");
      if (body.catchAll) await storeCall(async () => parseAddress(body.catchAll!), "catchAll");
      const d = await storeCall(() => store.domains.add(body.name, { catchAll: body.catchAll || null }), "name");
      const { actor } = c.get("caller");
      log.info(undefined, `domain ${d.name} added by ${actor}`, { actor, domain: d.name });
      return c.json({ domain: await view(d) }, 201);
    })
    .patch("/:name", async (c) => {
      const body = validate(DomainPatchSchema, await readJson(c), Object.keys(DomainPatchSchema.entries));
      const d = await load(c.req.param("name"));
      const changed: string[] = [];
      if (body.catchAll !== undefined) {
        await storeCall(() => store.domains.setCatchAll(d.name, body.catchAll || null), "catchAll");
        changed.push("catchAll");
      }
      if (body.enabled !== undefined) {
        await storeCall(() => store.domains.setEnabled(d.name, body.enabled!));
        changed.push("enabled");
      }
      const { actor } = c.get("caller");
      if (changed.length) log.info(undefined, `domain ${d.name} changed by ${actor}: ${changed.join(", ")}`, { actor, domain: d.name, changed });
      return c.json({ domain: await view(await load(d.name)) });
    })
    .delete("/:name", async (c) => {
      const force = flag(c.req.query("force"), "force");
      const d = await load(c.req.param("name"));
      const accounts = (await store.accounts.list(d.name)).length;
      if (accounts && !force) {
        throw new ApiError(409, `domain ${d.name} still has ${accounts} account${accounts === 1 ? "" : "s"}; remove them first, or repeat with ?force=true to remove them and their mail too`);
      }
      await storeCall(() => store.domains.remove(d.name, { force }));
      const { actor } = c.get("caller");
      log.info(undefined, `domain ${d.name} removed by ${actor}${force ? " (with its accounts)" : ""}`, { actor, domain: d.name, force });
      return c.body(null, 204);
    });
}
