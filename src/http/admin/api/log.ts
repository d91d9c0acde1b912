import { Hono } from "hono";
import * as v from "valibot";
import { SERVICE_NAMES } from "../../../config/service.ts";
import type { AdminDeps, AdminEnv } from "../deps.ts";
import { validate } from "../errors.ts";
import { DateQuerySchema } from "./query.ts";

const LEVELS = ["debug", "info", "warn", "error"] as const;
const oneOf = (xs: readonly string[]) => `expected one of ${xs.join(", ")}`;

/** The query string of `GET /api/log`; every parameter optional, unknown ones refused. */
export const LogQuerySchema = v.strictObject({
  service: v.optional(v.picklist(SERVICE_NAMES, oneOf(SERVICE_NAMES))),
  level: v.optional(v.picklist(LEVELS, `${oneOf(LEVELS)} (the lowest level shown)`)),
  since: v.optional(DateQuerySchema),
  until: v.optional(DateQuerySchema),
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,5}$/, "expected an integer 1-10000"),
      v.transform(Number),
      v.minValue(1, "expected an integer 1-10000"),
      v.maxValue(10_000, "expected an integer 1-10000"),
    ),
  ),
});

/** `/api/log`: the stored system log, newest first. */
export function logApi(deps: AdminDeps): Hono<AdminEnv> {
  return new Hono<AdminEnv>().get("/", async (c) => {
    const q = validate(LogQuerySchema, c.req.query(), Object.keys(LogQuerySchema.entries));
    // Entries reach the store asynchronously; without this an admin would miss the latest events.
    await deps.log.flush();
    const entries = await deps.store.log.query(q);
    return c.json({ entries: entries.map((e) => ({ ...e, time: e.time.toISOString() })) });
  });
}
