/**
 * The admin console: server-rendered pages (hono/jsx) over the REST API, with a small script that
 * only enhances them (live status, charts, log tail). Every form works without the script: POST,
 * then a redirect to a page that shows the outcome.
 *
 * @module
 */
import { Hono } from "hono";
import { assetRoutes } from "./assets/routes.ts";
import type { ConsoleDeps, ConsoleEnv } from "./env.ts";
import { requireConsoleSession } from "./guard.ts";
import { securityHeaders } from "./headers.ts";
import { consoleErrors, consoleNotFound } from "./routes/errors.tsx";
import { aliasesRoutes } from "./routes/aliases.tsx";
import { certificatesRoutes } from "./routes/certificates.tsx";
import { dashboardRoutes } from "./routes/dashboard.tsx";
import { domainsRoutes } from "./routes/domains.tsx";
import { loginRoutes, logoutRoutes } from "./routes/login.tsx";
import { logRoutes } from "./routes/log.tsx";
import { queueRoutes } from "./routes/queue.tsx";
import { servicesRoutes } from "./routes/services.tsx";
import { usersRoutes } from "./routes/users.tsx";

export type { ConsoleDeps } from "./env.ts";

/**
 * The console as an app of its own, which the admin app hands every request outside `/api`: its
 * session guard, headers and error pages then never touch the REST API's answers.
 */
export function createConsoleApp(cd: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  app.use("*", securityHeaders());
  app.onError(consoleErrors(cd));
  app.notFound(consoleNotFound);
  app.route("/", assetRoutes() as unknown as Hono<ConsoleEnv>);
  app.route("/", loginRoutes(cd));
  app.use("*", requireConsoleSession(cd));
  app.get("/", (c) => c.redirect("/dashboard", 303));
  app.route("/", logoutRoutes(cd));
  app.route("/", dashboardRoutes(cd));
  app.route("/", servicesRoutes(cd));
  app.route("/", logRoutes(cd));
  app.route("/", domainsRoutes(cd));
  app.route("/", usersRoutes(cd));
  app.route("/", aliasesRoutes(cd));
  app.route("/", certificatesRoutes(cd));
  app.route("/", queueRoutes(cd));
  return app;
}
