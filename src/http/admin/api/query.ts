import * as v from "valibot";
import { ApiError } from "../errors.ts";

/** A yes/no query flag: absent, `false` or `0` is no; `true`, `1` or empty (`?restart`) is yes. */
export function flag(value: string | undefined, name: string): boolean {
  if (value === undefined || value === "false" || value === "0") return false;
  if (value === "" || value === "true" || value === "1") return true;
  throw new ApiError(400, "invalid request", { issues: [{ path: name, message: `expected true or false, got ${JSON.stringify(value)}` }] });
}

/** An ISO 8601 date-time in a query string, as a Date. */
export const DateQuerySchema = v.pipe(
  v.string(),
  v.check((s) => /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(s) && !Number.isNaN(Date.parse(s)), "expected an ISO 8601 date or date-time such as 2025-01-31T12:00:00Z"),
  v.transform((s) => new Date(s)),
);
