import { Hono } from "hono";
import { eq } from "drizzle-orm";
import * as v from "valibot";
import type { Alias } from "../../../store/mod.ts";
import { parseAddress, parseAliasSource } from "../../../store/names.ts";
import { aliases } from "../../../store/schema.ts";
import type { AdminDeps, AdminEnv } from "../deps.ts";
import { ApiError, invalid, readJson, validate, type Issue } from "../errors.ts";
import { storeCall } from "./store-call.ts";

const MAX_DESTINATIONS = 100;
const SOURCE = v.pipe(v.string("expected an address or @domain as a string"), v.minLength(2, "expected an address, or @domain for a catch-all"), v.maxLength(320, "expected at most 320 characters"));
const DESTINATIONS = v.pipe(
  v.array(v.pipe(v.string("expected an address as a string"), v.maxLength(320, "expected at most 320 characters")), "expected a list of addresses"),
  v.minLength(1, "expected at least one destination"),
  v.maxLength(MAX_DESTINATIONS, `expected at most ${MAX_DESTINATIONS} destinations`),
);

/** Body of `POST /api/aliases`. */
export const AliasCreateSchema = v.strictObject({ source: SOURCE, destinations: DESTINATIONS }, "expected a JSON object with source and destinations");
/** Body of `PATCH /api/aliases/:source`. */
export const AliasPatchSchema = v.strictObject(
  { destinations: v.optional(DESTINATIONS), enabled: v.optional(v.boolean("expected true or false")) },
  "expected a JSON object with destinations and/or enabled",
);
/** `GET /api/aliases` query. */
export const AliasQuerySchema = v.strictObject({ domain: v.optional(v.pipe(v.string(), v.minLength(1, "expected a domain name"))) });

const view = (a: Alias) => ({ source: a.source, domain: a.domain, destinations: a.destinations, enabled: a.enabled, createdAt: a.createdAt.toISOString() });

/** Normalised destinations, or a 400 naming each bad one by its index. */
function destinations(list: string[]): string[] {
  const issues: Issue[] = [];
  const out: string[] = [];
  list.forEach((d, i) => {
    try {
      out.push(parseAddress(d).address);
    } catch (err) {
      issues.push({ path: `destinations[${i}]`, message: (err as Error).message });
    }
  });
  if (issues.length) throw invalid(issues);
  return [...new Set(out)];
}

/**
 * `/api/aliases`: addresses that forward to others; `@domain` is a domain's catch-all. A disabled
 * alias is kept but not used for delivery.
 */
export function aliasesApi(deps: AdminDeps): Hono<AdminEnv> {
  const { store, log } = deps;
  const load = async (source: string): Promise<Alias> => {
    const a = await storeCall(() => store.aliases.get(source), "source");
    if (!a) throw new ApiError(404, `no alias ${JSON.stringify(source)}`);
    return a;
  };

  return new Hono<AdminEnv>()
    .get("/", async (c) => {
      const q = validate(AliasQuerySchema, c.req.query(), ["domain"]);
      if (q.domain !== undefined && !(await storeCall(() => store.domains.get(q.domain!), "domain"))) throw new ApiError(404, `no domain named ${JSON.stringify(q.domain)}`);
      return c.json({ aliases: (await store.aliases.list(q.domain)).map(view) });
    })
    .get("/:source", async (c) => c.json({ alias: view(await load(c.req.param("source"))) }))
    .post("/", async (c) => {
      const body = validate(AliasCreateSchema, await readJson(c), Object.keys(AliasCreateSchema.entries));
      await storeCall(async () => parseAliasSource(body.source), "source");
      const dest = destinations(body.destinations);
      const a = await storeCall(() => store.aliases.add(body.source, dest), "source");
      const { actor } = c.get("caller");
      log.info(undefined, `alias ${a.source} -> ${a.destinations.join(", ")} added by ${actor}`, { actor, alias: a.source });
      return c.json({ alias: view(a) }, 201);
    })
    .patch("/:source", async (c) => {
      const body = validate(AliasPatchSchema, await readJson(c), Object.keys(AliasPatchSchema.entries));
      const a = await load(c.req.param("source"));
      const set: { destinations?: string[]; enabled?: boolean } = {};
      if (body.destinations) set.destinations = destinations(body.destinations);
      if (body.enabled !== undefined) set.enabled = body.enabled;
      const changed = Object.keys(set);
      if (changed.length) {
        // The repository has no update; one write through the store keeps the change atomic.
        const rows = await store.write((tx) => tx.update(aliases).set(set).where(eq(aliases.id, a.id)).returning({ id: aliases.id }));
        if (!rows.length) throw new ApiError(404, `no alias ${JSON.stringify(a.source)}`);
        const { actor } = c.get("caller");
        log.info(undefined, `alias ${a.source} changed by ${actor}: ${changed.join(", ")}`, { actor, alias: a.source, changed });
      }
      return c.json({ alias: view(await load(a.source)) });
    })
    .delete("/:source", async (c) => {
      const a = await load(c.req.param("source"));
      await storeCall(() => store.aliases.remove(a.source));
      const { actor } = c.get("caller");
      log.info(undefined, `alias ${a.source} removed by ${actor}`, { actor, alias: a.source });
      return c.body(null, 204);
    });
}
