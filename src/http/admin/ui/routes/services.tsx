/** @jsxImportSource hono/jsx */
import { Hono, type Context } from "hono";
import type { ServiceSettings } from "../../../../config/service.ts";
import type { ServiceInfo } from "../../../../services/types.ts";
import { callApi, withQuery } from "../api-client.ts";
import type { ConsoleDeps, ConsoleEnv } from "../env.ts";
import { takeFlash } from "../flash.ts";
import { checked, intField, localPath, splitList, text } from "../form.ts";
import { ServicesView } from "../views/services.tsx";
import { type CertificateChoice, type FormState, SETUP_TABS, type SetupTab, SetupView } from "../views/setup.tsx";
import { ErrorView } from "../views/error.tsx";
import { done, formStatus, refusal, shell } from "./respond.ts";

const ACTIONS = { start: "started", stop: "stopped", restart: "restarted" } as const;

/**
 * The services screen and each service's Setup view. Every change is one REST API call; the API's
 * field issues come back next to the fields, its warnings in the message after the change.
 */
export function servicesRoutes(cd: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();

  app.get("/services", async (c) => {
    const r = await callApi<{ services: ServiceInfo[] }>(c, cd, "GET", "/api/services");
    return c.html(<ServicesView services={r.body.services} session={shell(c)} flash={takeFlash(c)} />);
  });

  for (const action of Object.keys(ACTIONS) as (keyof typeof ACTIONS)[]) {
    app.post(`/services/:name/${action}`, async (c) => {
      const name = c.req.param("name");
      const back = localPath(text(c.get("form"), "back"), "/services");
      const r = await callApi<{ service: ServiceInfo; restarting?: boolean }>(c, cd, "POST", `/api/services/${encodeURIComponent(name)}/${action}`);
      if (!r.ok) return done(c, back, refusal(r, `${name} was not ${ACTIONS[action]}`));
      if (r.body.restarting) return done(c, back, { kind: "warn", text: `${name} restarts in a moment; if this page does not come back, reload it.` });
      return done(c, back, { kind: "ok", text: `${name} ${ACTIONS[action]}: now ${r.body.service.status}.` });
    });
  }

  app.get("/services/:name", (c) => c.redirect(`/services/${encodeURIComponent(c.req.param("name"))}/setup`, 303));
  app.get("/services/:name/setup", (c) => showSetup(c, cd, "basic"));
  app.get("/services/:name/setup/:tab", (c) => {
    const tab = SETUP_TABS.find((t) => t.id === c.req.param("tab"))?.id;
    if (!tab || tab === "basic") return c.redirect(`/services/${encodeURIComponent(c.req.param("name"))}/setup`, 303);
    return showSetup(c, cd, tab);
  });

  // Basic parameters: bind, port, max clients, timeout, autostart; restart optional.
  app.post("/services/:name/setup/basic", async (c) => {
    const name = c.req.param("name");
    const form = c.get("form");
    const values = { bind: text(form, "bind").trim(), port: text(form, "port"), maxClients: text(form, "maxClients"), timeout: text(form, "timeout"), autostart: checked(form, "autostart") ? "yes" : "", restart: checked(form, "restart") ? "yes" : "" };
    const patch = { bind: values.bind, port: intField(form, "port"), maxClients: intField(form, "maxClients"), timeout: intField(form, "timeout"), autostart: checked(form, "autostart") };
    if (name === "smtp" && text(form, "confirmSmtpPort") !== "yes") {
      // Moving smtp off its port silently cuts the server off from the internet's mail: ask first.
      const current = await callApi<{ settings: ServiceSettings }>(c, cd, "GET", "/api/services/smtp");
      if (typeof patch.port === "number" && patch.port !== current.body.settings.port) {
        return showSetup(c, cd, "basic", { state: { form: "basic", values }, confirmSmtpPort: { from: current.body.settings.port, to: patch.port } }, 409);
      }
    }
    return saveSettings(c, cd, name, "basic", patch, values, checked(form, "restart"));
  });

  app.post("/services/:name/setup/access", async (c) => {
    const form = c.get("form");
    const mode = text(form, "mode");
    return saveSettings(c, cd, c.req.param("name"), "access", { access: { mode } }, { mode }, false, "access-mode", checked(form, "force"));
  });

  app.post("/services/:name/setup/limits", (c) => {
    const form = c.get("form");
    const values = { "limits.maxConcurrent": text(form, "limits.maxConcurrent"), "limits.perIpPerMinute": text(form, "limits.perIpPerMinute") };
    return saveSettings(c, cd, c.req.param("name"), "limits", { limits: { maxConcurrent: intField(form, "limits.maxConcurrent"), perIpPerMinute: intField(form, "limits.perIpPerMinute") } }, values, false);
  });

  app.post("/services/:name/setup/tls", (c) => {
    const form = c.get("form");
    const values = { tls: text(form, "tls"), certificate: text(form, "certificate"), restart: checked(form, "restart") ? "yes" : "" };
    return saveSettings(c, cd, c.req.param("name"), "tls", { tls: values.tls, certificate: values.certificate }, values, checked(form, "restart"));
  });

  // The two address lists: Add and Delete, through the API's list endpoints.
  const lists = [
    { tab: "access" as const, api: "access", form: "access", what: "access list" },
    { tab: "limits" as const, api: "limits/unlimited", form: "unlimited", what: "unlimited list" },
  ];
  for (const l of lists) {
    for (const op of ["add", "delete"] as const) {
      app.post(`/services/:name/setup/${l.tab}/${op}`, async (c) => {
        const name = c.req.param("name");
        const typed = text(c.get("form"), "ips");
        const ips = splitList(typed);
        const to = `/services/${encodeURIComponent(name)}/setup/${l.tab}`;
        const stateName = `${l.form}-${op}`;
        if (!ips.length) return showSetup(c, cd, l.tab, { state: { form: stateName, values: { ips: typed }, error: "Enter an address or range.", issues: [{ path: "ips", message: "expected an IP address or CIDR range" }] } }, 400);
        const force = checked(c.get("form"), "force");
        const r = await callApi<{ warnings?: string[] }>(c, cd, op === "add" ? "POST" : "DELETE", withQuery(`/api/services/${encodeURIComponent(name)}/${l.api}`, { force: force || undefined }), { ips });
        if (!r.ok) {
          return showSetup(c, cd, l.tab, { state: { form: stateName, values: { ips: typed }, error: r.error, issues: r.issues }, lockout: r.status === 409 && name === "admin" }, formStatus(r));
        }
        const did = op === "add" ? `Added ${ips.join(", ")} to the ${l.what} of ${name}.` : `Deleted ${ips.join(", ")} from the ${l.what} of ${name}.`;
        return done(c, to, { kind: r.body.warnings?.length ? "warn" : "ok", text: did, notes: r.body.warnings });
      });
    }
  }

  return app;
}

/** Loads the service (and for TLS the certificates) and renders its Setup view. */
async function showSetup(
  c: Context<ConsoleEnv>,
  cd: ConsoleDeps,
  tab: SetupTab,
  extra: { state?: FormState; confirmSmtpPort?: { from: number; to: number }; lockout?: boolean } = {},
  status: 200 | 400 | 403 | 404 | 409 | 413 | 422 = 200,
): Promise<Response> {
  const name = c.req.param("name") ?? "";
  const r = await callApi<{ service: ServiceInfo; settings: ServiceSettings }>(c, cd, "GET", `/api/services/${encodeURIComponent(name)}`);
  if (!r.ok) return c.html(<ErrorView title="No such service" message={r.error ?? "not found"} session={shell(c)} back="/services" />, 404);
  let certificates: CertificateChoice[] | undefined;
  if (tab === "tls") certificates = (await callApi<{ certificates: CertificateChoice[] }>(c, cd, "GET", "/api/certificates")).body.certificates;
  return c.html(<SetupView service={r.body.service} settings={r.body.settings} tab={tab} session={shell(c)} flash={takeFlash(c)} certificates={certificates} {...extra} />, status);
}

/** One PATCH of the service's settings; errors go back to the form, success to the tab with a message. */
async function saveSettings(
  c: Context<ConsoleEnv>,
  cd: ConsoleDeps,
  name: string,
  tab: SetupTab,
  patch: Record<string, unknown>,
  values: Record<string, string>,
  restart: boolean,
  form: string = tab,
  force = false,
): Promise<Response> {
  const path = withQuery(`/api/services/${encodeURIComponent(name)}`, { restart: restart || undefined, force: force || undefined });
  const r = await callApi<{ service: ServiceInfo; warnings: string[]; restarted: boolean }>(c, cd, "PATCH", path, patch);
  if (!r.ok) return showSetup(c, cd, tab, { state: { form, values, error: r.error, issues: r.issues }, lockout: r.status === 409 && name === "admin" }, formStatus(r));
  const to = tab === "basic" ? `/services/${encodeURIComponent(name)}/setup` : `/services/${encodeURIComponent(name)}/setup/${tab}`;
  const s = r.body.service;
  if (s.status === "failed") {
    return done(c, to, { kind: "error", text: `Saved, but ${name} did not start: ${s.error ?? "unknown cause"}.`, notes: r.body.warnings });
  }
  const text = r.body.restarted ? `Saved and restarted ${name}: now ${s.status} on port ${s.port}.` : `Saved the ${tab === "basic" ? "basic parameters" : tab === "tls" ? "TLS settings" : tab === "limits" ? "connection limits" : "access control"} of ${name}.`;
  return done(c, to, { kind: r.body.warnings.length ? "warn" : "ok", text, notes: r.body.warnings });
}
