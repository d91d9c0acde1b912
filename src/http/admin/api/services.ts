import { type Context, Hono } from "hono";
import { parseServicePatch } from "../../../config/schema.ts";
import type { ServiceName } from "../../../config/service.ts";
import type { AdminDeps, AdminEnv } from "../deps.ts";
import { remoteAddress } from "../auth.ts";
import { readJson } from "../errors.ts";
import { currentSettings, guardLockout, type keyedLock } from "../settings.ts";
import { flag } from "./query.ts";
import { RESTART_WARNING } from "../../../services/warnings.ts";

type Lock = ReturnType<typeof keyedLock>;

/**
 * `/api/services`: list, inspect, start, stop, restart and set up the listening services.
 * Names are checked by the service manager (unknown → 404); admin refuses to stop (409).
 */
export function servicesApi(deps: AdminDeps, lock: Lock): Hono<AdminEnv> {
  const { services, log } = deps;

  // Restarting the admin service closes the HTTP server this very request is running on, so it
  // must happen after the response is out, or the two would wait on each other.
  const restartAdminSoon = () =>
    setTimeout(() => void services.restart("admin").catch((err) => log.error("admin", `restart failed: ${String(err)}`)), 50);

  const act = async (c: Context<AdminEnv>, action: "start" | "stop" | "restart") => {
    const name = (c.req.param("name") ?? "") as ServiceName;
    const { actor } = c.get("caller");
    services.get(name);
    log.info(name, `${action} requested by ${actor}`, { actor });
    if (action === "restart" && name === "admin") {
      restartAdminSoon();
      return c.json({ service: services.get(name), restarting: true }, 202);
    }
    const service = await services[action](name);
    if (action !== "stop" && service.status === "failed") return c.json({ error: `${name} did not start: ${service.error ?? "unknown cause"}`, service }, 409);
    return c.json({ service });
  };

  return new Hono<AdminEnv>()
    .get("/", (c) => c.json({ services: services.list() }))
    .get("/:name", async (c) => {
      const name = c.req.param("name");
      const settings = await currentSettings(deps, name);
      return c.json({ service: services.get(name as ServiceName), settings });
    })
    .post("/:name/start", (c) => act(c, "start"))
    .post("/:name/stop", (c) => act(c, "stop"))
    .post("/:name/restart", (c) => act(c, "restart"))
    .patch("/:name", async (c) => {
      const name = c.req.param("name") as ServiceName;
      const restart = flag(c.req.query("restart"), "restart");
      const force = flag(c.req.query("force"), "force");
      const { actor } = c.get("caller");
      return lock(name, async () => {
        const current = await currentSettings(deps, name);
        const body = await readJson(c);
        const parsed = parseServicePatch(body);
        if (parsed.ok) guardLockout(name, current, parsed.patch, remoteAddress(c), force);
        const deferred = restart && name === "admin";
        const r = await services.setup(name, body, { restart: restart && !deferred, actor });
        let { warnings, restarted } = r;
        if (deferred && r.service.status !== "stopped") {
          restartAdminSoon();
          restarted = true;
          // The manager, told not to restart, says the change waits for one; it does not.
          warnings = [...warnings.filter((w) => !w.startsWith(RESTART_WARNING)), "the admin service restarts in a moment; reconnect if its address changed"];
        }
        return c.json({ service: r.service, settings: await currentSettings(deps, name), warnings, restarted });
      });
    });
}
