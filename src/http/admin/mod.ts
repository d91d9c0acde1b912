/**
 * The admin service: REST API and browser console as one Hono app.
 *
 * @module
 */
import type { HttpAppFactory } from "../../services/types.ts";
import { createAdminApp, sampleStatsWhile } from "./app.ts";
import type { AdminDeps } from "./deps.ts";

export { createAdminApp } from "./app.ts";
export type { AdminDeps, AdminEnv, Caller } from "./deps.ts";
export { type SessionStore, memorySessions } from "./sessions.ts";
export { SESSION_COOKIE } from "./auth.ts";

/**
 * The admin service's HTTP handler factory for the service manager. The app (and with it the login
 * sessions) is made once on the first start, so restarting the admin service keeps everyone logged in.
 */
export function adminHttp(deps: () => AdminDeps): HttpAppFactory {
  let app: ReturnType<typeof createAdminApp> | undefined;
  return (ctx) => {
    app ??= createAdminApp(deps());
    // The dashboard's per-minute counts are sampled while this service runs.
    sampleStatsWhile(app, ctx.signal);
    const fetch = app.fetch;
    return (req, info) => fetch(req, { remote: info.remote });
  };
}
