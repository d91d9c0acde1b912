/** @jsxImportSource hono/jsx */
import { Hono, type Context } from "hono";
import { callApi, withQuery } from "../api-client.ts";
import type { ConsoleDeps, ConsoleEnv } from "../env.ts";
import { takeFlash } from "../flash.ts";
import { text } from "../form.ts";
import { ErrorView } from "../views/error.tsx";
import type { FormState } from "../views/parts.tsx";
import { type UserRow, UsersView, UserView } from "../views/users.tsx";
import { apiAction, done, formStatus, shell } from "./respond.ts";

type Status = 200 | 400 | 403 | 404 | 409 | 413 | 422;

/** An empty quota field means unlimited. */
const quota = (s: string) => (s.trim() === "" ? 0 : s.trim());

/** The users screen and one user's page, over `/api/accounts`. */
export function usersRoutes(cd: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const domainNames = async (c: Context<ConsoleEnv>) => (await callApi<{ domains: { name: string }[] }>(c, cd, "GET", "/api/domains")).body.domains.map((d) => d.name);

  const list = async (c: Context<ConsoleEnv>, state?: FormState, status: Status = 200) => {
    const domain = c.req.query("domain") ?? "";
    const r = await callApi<{ users?: UserRow[]; accounts: UserRow[] }>(c, cd, "GET", withQuery("/api/accounts", { domain }));
    const users = r.ok ? r.body.accounts : [];
    const flash = r.ok ? takeFlash(c) : { kind: "error" as const, text: r.error ?? "cannot list users" };
    return c.html(<UsersView users={users} domains={await domainNames(c)} domain={domain} state={state} session={shell(c)} flash={flash} />, status);
  };
  const one = (c: Context<ConsoleEnv>) => `/api/accounts/${encodeURIComponent(c.req.param("address") ?? "")}`;
  const page = (c: Context<ConsoleEnv>) => `/users/${encodeURIComponent(c.req.param("address") ?? "")}`;
  const show = async (c: Context<ConsoleEnv>, state?: FormState, status: Status = 200) => {
    const r = await callApi<{ account: UserRow }>(c, cd, "GET", one(c));
    if (!r.ok) return c.html(<ErrorView title="No such user" message={r.error ?? "not found"} session={shell(c)} back="/users" />, 404);
    return c.html(<UserView user={r.body.account} state={state} session={shell(c)} flash={takeFlash(c)} />, status);
  };

  app.get("/users", (c) => list(c));
  app.post("/users", async (c) => {
    const form = c.get("form");
    const values = { address: text(form, "address").trim(), displayName: text(form, "displayName"), quota: text(form, "quota") };
    const body = { address: values.address, password: text(form, "password"), quota: quota(values.quota), ...(values.displayName ? { displayName: values.displayName } : {}) };
    const r = await callApi(c, cd, "POST", "/api/accounts", body);
    if (!r.ok) return list(c, { form: "add", values, error: r.error, issues: r.issues }, formStatus(r));
    return done(c, `/users?domain=${encodeURIComponent(r.body.account.domain)}`, { kind: "ok", text: `Added the user ${r.body.account.address}.` });
  });

  app.get("/users/:address", (c) => show(c));
  app.post("/users/:address/details", async (c) => {
    const form = c.get("form");
    const values = { displayName: text(form, "displayName"), quota: text(form, "quota") };
    const r = await callApi(c, cd, "PATCH", one(c), { displayName: values.displayName, quota: quota(values.quota) });
    if (!r.ok) return show(c, { form: "details", values, error: r.error, issues: r.issues }, formStatus(r));
    return done(c, page(c), { kind: "ok", text: `Saved the details of ${r.body.account.address}.` });
  });
  app.post("/users/:address/password", async (c) => {
    const r = await callApi(c, cd, "PATCH", one(c), { password: text(c.get("form"), "password") });
    if (!r.ok) return show(c, { form: "password", values: {}, error: r.error, issues: r.issues }, formStatus(r));
    return done(c, page(c), { kind: "ok", text: `Set a new password for ${r.body.account.address}.` });
  });
  for (const [action, enabled] of [["enable", true], ["disable", false]] as const) {
    app.post(`/users/:address/${action}`, (c) =>
      apiAction(c, () => callApi(c, cd, "PATCH", one(c), { enabled }), {
        back: page(c),
        ok: enabled ? `Enabled ${c.req.param("address")}.` : `Disabled ${c.req.param("address")}: it can no longer log in.`,
        failed: `${c.req.param("address")} was not ${action}d`,
      }));
  }
  app.post("/users/:address/delete", (c) =>
    apiAction(c, () => callApi(c, cd, "DELETE", one(c)), { back: "/users", ok: `Removed ${c.req.param("address")} and its mail.`, failed: `${c.req.param("address")} was not removed` }));
  return app;
}
