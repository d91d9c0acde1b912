/** @jsxImportSource hono/jsx */
import { Hono, type Context } from "hono";
import { callApi, withQuery } from "../api-client.ts";
import type { ConsoleDeps, ConsoleEnv } from "../env.ts";
import { takeFlash } from "../flash.ts";
import { localPath, splitList, text } from "../form.ts";
import { type AliasRow, AliasesView, AliasView } from "../views/aliases.tsx";
import { ErrorView } from "../views/error.tsx";
import type { FormState } from "../views/parts.tsx";
import { apiAction, done, formStatus, shell } from "./respond.ts";

type Status = 200 | 400 | 403 | 404 | 409 | 413 | 422;

/** The aliases screen and one alias's page, over `/api/aliases`. */
export function aliasesRoutes(cd: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const list = async (c: Context<ConsoleEnv>, state?: FormState, status: Status = 200) => {
    const domain = c.req.query("domain") ?? "";
    const r = await callApi<{ aliases: AliasRow[] }>(c, cd, "GET", withQuery("/api/aliases", { domain }));
    const domains = (await callApi<{ domains: { name: string }[] }>(c, cd, "GET", "/api/domains")).body.domains.map((d) => d.name);
    const flash = r.ok ? takeFlash(c) : { kind: "error" as const, text: r.error ?? "cannot list aliases" };
    return c.html(<AliasesView aliases={r.ok ? r.body.aliases : []} domains={domains} domain={domain} state={state} session={shell(c)} flash={flash} />, status);
  };
  const one = (c: Context<ConsoleEnv>) => `/api/aliases/${encodeURIComponent(c.req.param("source") ?? "")}`;
  const page = (c: Context<ConsoleEnv>) => `/aliases/${encodeURIComponent(c.req.param("source") ?? "")}`;
  const show = async (c: Context<ConsoleEnv>, state?: FormState, status: Status = 200) => {
    const r = await callApi<{ alias: AliasRow }>(c, cd, "GET", one(c));
    if (!r.ok) return c.html(<ErrorView title="No such alias" message={r.error ?? "not found"} session={shell(c)} back="/aliases" />, 404);
    return c.html(<AliasView alias={r.body.alias} state={state} session={shell(c)} flash={takeFlash(c)} />, status);
  };

  app.get("/aliases", (c) => list(c));
  app.post("/aliases", async (c) => {
    const form = c.get("form");
    const values = { source: text(form, "source").trim(), destinations: text(form, "destinations") };
    const r = await callApi(c, cd, "POST", "/api/aliases", { source: values.source, destinations: splitList(values.destinations) });
    if (!r.ok) return list(c, { form: "add", values, error: r.error, issues: r.issues }, formStatus(r));
    return done(c, `/aliases?domain=${encodeURIComponent(r.body.alias.domain)}`, { kind: "ok", text: `Added the alias ${r.body.alias.source} → ${r.body.alias.destinations.join(", ")}.` });
  });
  app.get("/aliases/:source", (c) => show(c));
  app.post("/aliases/:source", async (c) => {
    const values = { destinations: text(c.get("form"), "destinations") };
    const r = await callApi(c, cd, "PATCH", one(c), { destinations: splitList(values.destinations) });
    if (!r.ok) return show(c, { form: "edit", values, error: r.error, issues: r.issues }, formStatus(r));
    return done(c, page(c), { kind: "ok", text: `${r.body.alias.source} now delivers to ${r.body.alias.destinations.join(", ")}.` });
  });
  for (const [action, enabled] of [["enable", true], ["disable", false]] as const) {
    app.post(`/aliases/:source/${action}`, (c) =>
      apiAction(c, () => callApi(c, cd, "PATCH", one(c), { enabled }), {
        back: localPath(text(c.get("form"), "back"), "/aliases"),
        ok: enabled ? `Enabled the alias ${c.req.param("source")}.` : `Disabled the alias ${c.req.param("source")}: mail to it is no longer forwarded.`,
        failed: `${c.req.param("source")} was not ${action}d`,
      }));
  }
  app.post("/aliases/:source/delete", (c) =>
    apiAction(c, () => callApi(c, cd, "DELETE", one(c)), { back: "/aliases", ok: `Deleted the alias ${c.req.param("source")}.`, failed: `${c.req.param("source")} was not deleted` }));
  return app;
}
