import { Hono } from "hono";
import * as v from "valibot";
import type { Account } from "../../../store/mod.ts";
import { parseAddress } from "../../../store/names.ts";
import type { AdminDeps, AdminEnv } from "../deps.ts";
import { ApiError, readJson, validate, validateSecret } from "../errors.ts";
import { storeCall } from "./store-call.ts";

const SIZE_MESSAGE = "expected a size in bytes, or like 500M or 2G (K, M, G, T are powers of 1024; 0 means unlimited)";
const SIZE_TEXT = /^\s*(\d{1,15}(?:\.\d{1,6})?)\s*(?:([kmgt])i?b?|b)?\s*$/i;
const UNITS: Record<string, number> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** Bytes for a quota given as a number of bytes or as text such as `500M`, `2G`, `1.5G`; undefined when neither. */
export function parseQuota(x: unknown): number | undefined {
  if (typeof x === "number") return Number.isSafeInteger(x) && x >= 0 ? x : undefined;
  if (typeof x !== "string") return undefined;
  const m = SIZE_TEXT.exec(x);
  if (!m) return undefined;
  const n = Math.round(Number(m[1]) * (m[2] ? UNITS[m[2].toLowerCase()]! : 1));
  return Number.isSafeInteger(n) ? n : undefined;
}

/** A quota: whole bytes, or text such as `500M`, `2G`; 0 is unlimited. Comes out as bytes. */
export const QuotaSchema = v.pipe(
  v.custom<number | string>((x) => parseQuota(x) !== undefined, SIZE_MESSAGE),
  v.transform((x) => parseQuota(x)!),
);

const ADDRESS = v.pipe(v.string("expected an address as a string"), v.minLength(3, "expected an address such as alice@example.test"), v.maxLength(320, "expected at most 320 characters"));
/** The API asks more of a password than the store does: an admin typing one can afford 8 characters. */
export const PasswordSchema = v.pipe(
  v.string("expected the password as a string"),
  v.minLength(8, "expected at least 8 characters"),
  v.maxLength(1024, "expected at most 1024 characters"),
);
const DISPLAY_NAME = v.pipe(v.string("expected the display name as a string"), v.maxLength(200, "expected at most 200 characters"));

/** Body of `POST /api/accounts`. */
export const AccountCreateSchema = v.strictObject(
  { address: ADDRESS, password: PasswordSchema, quota: v.optional(QuotaSchema), displayName: v.optional(DISPLAY_NAME) },
  "expected a JSON object with address, password and optionally quota and displayName",
);

/** Body of `PATCH /api/accounts/:address`; a password here is a reset. */
export const AccountPatchSchema = v.strictObject(
  { enabled: v.optional(v.boolean("expected true or false")), quota: v.optional(QuotaSchema), displayName: v.optional(DISPLAY_NAME), password: v.optional(PasswordSchema) },
  "expected a JSON object with any of enabled, quota, displayName, password",
);

/** `GET /api/accounts` query. */
export const AccountQuerySchema = v.strictObject({ domain: v.optional(v.pipe(v.string(), v.minLength(1, "expected a domain name"))) });

const view = (a: Account) => ({
  address: a.address,
  domain: a.domain,
  displayName: a.displayName,
  quota: a.quota,
  usedBytes: a.usedBytes,
  enabled: a.enabled,
  createdAt: a.createdAt.toISOString(),
});

/**
 * `/api/accounts`: mail accounts (users). Passwords go in, never out, and are never logged; a
 * reset is a PATCH with `password`.
 */
export function accountsApi(deps: AdminDeps): Hono<AdminEnv> {
  const { store, log } = deps;
  const load = async (address: string): Promise<Account> => {
    const a = await storeCall(() => store.accounts.get(address), "address");
    if (!a) throw new ApiError(404, `no account ${JSON.stringify(address)}`);
    return a;
  };

  return new Hono<AdminEnv>()
    .get("/", async (c) => {
      const q = validate(AccountQuerySchema, c.req.query(), ["domain"]);
      if (q.domain !== undefined && !(await storeCall(() => store.domains.get(q.domain!), "domain"))) throw new ApiError(404, `no domain named ${JSON.stringify(q.domain)}`);
      return c.json({ accounts: (await store.accounts.list(q.domain)).map(view) });
    })
    .get("/:address", async (c) => c.json({ account: view(await load(c.req.param("address"))) }))
    .post("/", async (c) => {
      const body = validateSecret(AccountCreateSchema, await readJson(c), Object.keys(AccountCreateSchema.entries));
      await storeCall(async () => parseAddress(body.address), "address");
      const a = await storeCall(() => store.accounts.add(body), "address");
      const { actor } = c.get("caller");
      log.info(undefined, `account ${a.address} added by ${actor}`, { actor, account: a.address });
      return c.json({ account: view(a) }, 201);
    })
    .patch("/:address", async (c) => {
      const body = validateSecret(AccountPatchSchema, await readJson(c), Object.keys(AccountPatchSchema.entries));
      const a = await load(c.req.param("address"));
      // Everything was validated above, so the steps below do not fail half-way on bad input.
      const changed: string[] = [];
      if (body.password !== undefined) {
        await storeCall(() => store.accounts.setPassword(a.address, body.password!), "password");
        changed.push("password");
      }
      if (body.quota !== undefined) {
        await storeCall(() => store.accounts.setQuota(a.address, body.quota!), "quota");
        changed.push("quota");
      }
      if (body.displayName !== undefined) {
        await storeCall(() => store.accounts.setDisplayName(a.address, body.displayName!), "displayName");
        changed.push("displayName");
      }
      if (body.enabled !== undefined) {
        await storeCall(() => store.accounts.setEnabled(a.address, body.enabled!));
        changed.push("enabled");
      }
      const { actor } = c.get("caller");
      if (changed.length) log.info(undefined, `account ${a.address} changed by ${actor}: ${changed.join(", ")}`, { actor, account: a.address, changed });
      return c.json({ account: view(await load(a.address)) });
    })
    .delete("/:address", async (c) => {
      const a = await load(c.req.param("address"));
      await storeCall(() => store.accounts.remove(a.address));
      const { actor } = c.get("caller");
      log.info(undefined, `account ${a.address} removed by ${actor}`, { actor, account: a.address });
      return c.body(null, 204);
    });
}
