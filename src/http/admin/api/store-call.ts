import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ApiError } from "../errors.ts";

// Matched by name, not instanceof, as errors.ts does for the service manager's errors.
const STATUS: Record<string, ContentfulStatusCode> = { exists: 409, not_found: 404, invalid: 400, over_quota: 409 };

/**
 * Runs a store operation and turns its refusals (StoreError: exists, not_found, invalid) into API
 * errors with the store's own message; `field` names the request field an "invalid" refers to, so
 * a form can show the message next to that field.
 */
export async function storeCall<T>(fn: () => Promise<T>, field?: string): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const e = err as { name?: string; code?: string; message?: string };
    const status = e?.name === "StoreError" && e.code ? STATUS[e.code] : undefined;
    if (!status) throw err;
    const message = e.message ?? "refused";
    // A bad field reads like a validation failure: "invalid request" with the store's words on it.
    if (field && e.code === "invalid") throw new ApiError(400, "invalid request", { issues: [{ path: field, message }] });
    throw new ApiError(status, message);
  }
}
