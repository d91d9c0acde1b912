import type { Context } from "hono";
import type { ApiResult } from "../api-client.ts";
import type { ConsoleEnv } from "../env.ts";
import { type Flash, setFlash } from "../flash.ts";

/** After a change: the message for the next page, and a redirect there (POST, redirect, GET). */
export function done(c: Context<ConsoleEnv>, to: string, flash: Flash): Response {
  setFlash(c, flash);
  return c.redirect(to, 303);
}

/** A refusal as a one-time message: the API's error and its field issues. */
export function refusal(r: ApiResult, what: string): Flash {
  const notes = r.issues.map((i) => `${i.path ? `${i.path}: ` : ""}${i.message}`);
  return { kind: "error", text: `${what}: ${r.error ?? "refused"}`, ...(notes.length ? { notes } : {}) };
}

/** The HTTP status to render a form that came back with errors under. */
export function formStatus(r: ApiResult): 400 | 403 | 404 | 409 | 413 | 422 {
  return ([400, 403, 404, 409, 413] as const).find((s) => s === r.status) ?? 422;
}

/** The page shell's session props. */
export function shell(c: Context<ConsoleEnv>): { admin: string; csrf: string } {
  const s = c.get("session");
  return { admin: s.admin, csrf: s.csrf };
}

/**
 * A row action (enable, delete, retry, …): one API call, then back to `back` with what happened —
 * the API's own words when it refused.
 */
export async function apiAction(
  c: Context<ConsoleEnv>,
  call: () => Promise<ApiResult>,
  o: { back: string; ok: string | ((r: ApiResult) => string); failed: string },
): Promise<Response> {
  const r = await call();
  if (!r.ok) return done(c, o.back, refusal(r, o.failed));
  const warnings: string[] = Array.isArray(r.body?.warnings) ? r.body.warnings : [];
  return done(c, o.back, { kind: warnings.length ? "warn" : "ok", text: typeof o.ok === "string" ? o.ok : o.ok(r), ...(warnings.length ? { notes: warnings } : {}) });
}
