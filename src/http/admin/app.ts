import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { accountsApi } from "./api/accounts.ts";
import { aliasesApi } from "./api/aliases.ts";
import { certificatesApi } from "./api/certificates.ts";
import { domainsApi } from "./api/domains.ts";
import { listsApi } from "./api/lists.ts";
import { logApi } from "./api/log.ts";
import { queueApi } from "./api/queue.ts";
import { selfSignedApi } from "./api/self-signed.ts";
import { servicesApi } from "./api/services.ts";
import { statsApi } from "./api/stats.ts";
import { StatsRing } from "./api/stats-ring.ts";
import { loginRoutes, logoutRoutes, requireAuth } from "./auth.ts";
import type { AdminDeps, AdminEnv } from "./deps.ts";
import { ApiError, errorResponse } from "./errors.ts";
import { openApiDocument } from "./openapi.ts";
import { memorySessions } from "./sessions.ts";
import { keyedLock } from "./settings.ts";
import { LoginThrottle } from "./throttle.ts";
import { createConsoleApp } from "./ui/mod.ts";

const SESSION_TTL_S = 12 * 3600;
/** How often the dashboard's counters are sampled while the admin service runs. */
const SAMPLE_MS = 5000;

const samplers = new WeakMap<Hono<AdminEnv>, (signal: AbortSignal) => void>();

/**
 * The admin HTTP app: the REST API under `/api` (see docs/admin-api.md) and the browser console on
 * every other path (docs/admin-console.md). Web-standard only, so it can be served by the mail
 * server itself or by an edge host against the shared database.
 */
export function createAdminApp(deps: AdminDeps): Hono<AdminEnv> {
  const sessions = deps.sessions ?? memorySessions({ now: deps.now, maxMs: SESSION_TTL_S * 1000 });
  const throttle = new LoginThrottle(deps.throttle, deps.now);
  const lock = keyedLock();
  const ring = new StatsRing({ now: deps.now });
  const app = new Hono<AdminEnv>();

  app.onError((err, c) => errorResponse(err, c, (m) => deps.log.error("admin", m)));
  app.notFound((c) => c.json({ error: `no such endpoint: ${c.req.method} ${new URL(c.req.url).pathname}` }, 404));

  app.use("/api/*", async (c, next) => {
    await next();
    // Answers carry tokens and settings: never cache them, never let a browser guess their type.
    c.header("cache-control", "no-store");
    c.header("x-content-type-options", "nosniff");
  });
  app.use(
    "/api/*",
    bodyLimit({ maxSize: 1024 * 1024, onError: () => { throw new ApiError(413, "the request body is larger than 1 MiB"); } }),
  );

  app.route("/api", loginRoutes(deps, sessions, throttle, SESSION_TTL_S));
  app.get("/api/openapi.json", (c) => c.json(openApiDocument()));
  app.use("/api/*", requireAuth(deps, sessions));
  app.route("/api", logoutRoutes(deps, sessions));
  app.route("/api/services", servicesApi(deps, lock));
  app.route("/api/services", listsApi(deps, lock));
  app.route("/api/certificates", certificatesApi(deps));
  app.route("/api/certificates", selfSignedApi(deps));
  app.route("/api/log", logApi(deps));
  app.route("/api/domains", domainsApi(deps));
  app.route("/api/accounts", accountsApi(deps));
  app.route("/api/aliases", aliasesApi(deps));
  app.route("/api/queue", queueApi(deps));
  app.route("/api/stats", statsApi(deps, ring));

  const ui = createConsoleApp({ deps, sessions, api: (req, env) => Promise.resolve(app.fetch(req, env)) });
  app.all("*", (c, next) => {
    const path = new URL(c.req.url).pathname;
    if (path === "/api" || path.startsWith("/api/")) return next();
    return ui.fetch(c.req.raw, c.env);
  });

  samplers.set(app, (signal) => {
    const timer = setInterval(() => ring.sample(deps.services.list()), SAMPLE_MS);
    signal.addEventListener("abort", () => clearInterval(timer), { once: true });
  });
  return app;
}

/**
 * Samples the services' counters for the dashboard every few seconds until `signal` aborts; the
 * admin service calls it with its own stop signal, so no timer outlives the service.
 */
export function sampleStatsWhile(app: Hono<AdminEnv>, signal: AbortSignal): void {
  if (!signal.aborted) samplers.get(app)?.(signal);
}
