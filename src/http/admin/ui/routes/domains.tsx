/** @jsxImportSource hono/jsx */
import { Hono, type Context } from "hono";
import { callApi } from "../api-client.ts";
import type { ConsoleDeps, ConsoleEnv } from "../env.ts";
import { takeFlash } from "../flash.ts";
import { checked, text } from "../form.ts";
import { type DomainRow, DomainsView } from "../views/domains.tsx";
import type { FormState } from "../views/parts.tsx";
import { apiAction, done, formStatus, shell } from "./respond.ts";

/** The domains screen over `/api/domains`. */
export function domainsRoutes(cd: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const show = async (c: Context<ConsoleEnv>, state?: FormState, status: 200 | 400 | 404 | 409 | 413 | 403 | 422 = 200) => {
    const r = await callApi<{ domains: DomainRow[] }>(c, cd, "GET", "/api/domains");
    return c.html(<DomainsView domains={r.body.domains} state={state} session={shell(c)} flash={takeFlash(c)} />, status);
  };
  const one = (c: Context<ConsoleEnv>) => `/api/domains/${encodeURIComponent(c.req.param("name") ?? "")}`;

  app.get("/domains", (c) => show(c));
  app.post("/domains", async (c) => {
    const form = c.get("form");
    const values = { name: text(form, "name").trim(), catchAll: text(form, "catchAll").trim() };
    const r = await callApi(c, cd, "POST", "/api/domains", { name: values.name, ...(values.catchAll ? { catchAll: values.catchAll } : {}) });
    if (!r.ok) return show(c, { form: "add", values, error: r.error, issues: r.issues }, formStatus(r));
    return done(c, "/domains", { kind: "ok", text: `Added the domain ${r.body.domain.name}.` });
  });
  app.post("/domains/:name/enable", (c) =>
    apiAction(c, () => callApi(c, cd, "PATCH", one(c), { enabled: true }), { back: "/domains", ok: `Enabled ${c.req.param("name")}.`, failed: `${c.req.param("name")} was not enabled` }));
  app.post("/domains/:name/disable", (c) =>
    apiAction(c, () => callApi(c, cd, "PATCH", one(c), { enabled: false }), { back: "/domains", ok: `Disabled ${c.req.param("name")}: its users cannot log in and its mail is refused.`, failed: `${c.req.param("name")} was not disabled` }));
  app.post("/domains/:name/catch-all", (c) => {
    const target = text(c.get("form"), "catchAll").trim();
    return apiAction(c, () => callApi(c, cd, "PATCH", one(c), { catchAll: target || null }), {
      back: "/domains",
      ok: target ? `Mail to unknown addresses of ${c.req.param("name")} now goes to ${target}.` : `${c.req.param("name")} has no catch-all now: mail to unknown addresses is refused.`,
      failed: `The catch-all of ${c.req.param("name")} was not changed`,
    });
  });
  app.post("/domains/:name/delete", (c) => {
    const force = checked(c.get("form"), "force");
    return apiAction(c, () => callApi(c, cd, "DELETE", `${one(c)}${force ? "?force=true" : ""}`), { back: "/domains", ok: `Removed ${c.req.param("name")}.`, failed: `${c.req.param("name")} was not removed` });
  });
  return app;
}
