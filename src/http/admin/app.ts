import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { certificatesApi } from "./api/certificates.ts";
import { listsApi } from "./api/lists.ts";
import { logApi } from "./api/log.ts";
import { servicesApi } from "./api/services.ts";
import { loginRoutes, logoutRoutes, requireAuth } from "./auth.ts";
import type { AdminDeps, AdminEnv } from "./deps.ts";
import { ApiError, errorResponse } from "./errors.ts";
import { openApiDocument } from "./openapi.ts";
import { memorySessions } from "./sessions.ts";
import { keyedLock } from "./settings.ts";
import { LoginThrottle } from "./throttle.ts";

const SESSION_TTL_S = 12 * 3600;

/**
 * The admin HTTP app: the REST API under `/api` (see docs/admin-api.md). Web-standard only, so it
 * can be served by the mail server itself or by an edge host against the shared database.
 */
export function createAdminApp(deps: AdminDeps): Hono<AdminEnv> {
  const sessions = deps.sessions ?? memorySessions({ now: deps.now, maxMs: SESSION_TTL_S * 1000 });
  const throttle = new LoginThrottle(deps.throttle, deps.now);
  const lock = keyedLock();
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
  app.route("/api/log", logApi(deps));

  app.get("/", (c) => c.text("wrenmail admin: the REST API is under /api (docs/admin-api.md)\n"));
  return app;
}
