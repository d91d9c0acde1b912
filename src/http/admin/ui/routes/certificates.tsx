/** @jsxImportSource hono/jsx */
import { Hono, type Context } from "hono";
import { callApi } from "../api-client.ts";
import type { ConsoleDeps, ConsoleEnv } from "../env.ts";
import { takeFlash } from "../flash.ts";
import { checked, fileText, intField, splitList, text } from "../form.ts";
import { type CertificateRow, CertificatesView } from "../views/certificates.tsx";
import type { FormState } from "../views/parts.tsx";
import { apiAction, done, formStatus, shell } from "./respond.ts";

type Status = 200 | 400 | 403 | 404 | 409 | 413 | 422;

/** The certificates screen over `/api/certificates`. */
export function certificatesRoutes(cd: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const show = async (c: Context<ConsoleEnv>, state?: FormState, status: Status = 200) => {
    const r = await callApi<{ certificates: CertificateRow[] }>(c, cd, "GET", "/api/certificates");
    return c.html(<CertificatesView certificates={r.body.certificates} now={cd.deps.now?.() ?? Date.now()} state={state} session={shell(c)} flash={takeFlash(c)} />, status);
  };
  const one = (c: Context<ConsoleEnv>) => encodeURIComponent(c.req.param("name") ?? "");

  app.get("/certificates", (c) => show(c));
  app.post("/certificates", async (c) => {
    const form = c.get("form");
    const cert = (await fileText(form, "certFile")) ?? text(form, "cert");
    const key = (await fileText(form, "keyFile")) ?? text(form, "key");
    const name = text(form, "name").trim();
    const replace = checked(form, "replace");
    const r = await callApi(c, cd, "POST", `/api/certificates${replace ? "?replace=true" : ""}`, { name, cert, key });
    // The key is never sent back into the page; the certificate text is, so a typo can be fixed.
    if (!r.ok) return show(c, { form: "upload", values: { name, cert, replace: replace ? "yes" : "" }, error: r.error, issues: r.issues }, formStatus(r));
    return done(c, "/certificates", { kind: r.body.warnings?.length ? "warn" : "ok", text: `${r.status === 201 ? "Added" : "Replaced"} the certificate ${name}.`, notes: r.body.warnings });
  });
  app.post("/certificates/self-signed", async (c) => {
    const form = c.get("form");
    const values = { name: text(form, "name").trim(), hostnames: text(form, "hostnames"), days: text(form, "days") };
    const hostnames = splitList(values.hostnames);
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(values.name)) {
      return show(c, { form: "self-signed", values, error: "invalid request", issues: [{ path: "name", message: "expected 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit" }] }, 400);
    }
    const exists = await callApi(c, cd, "GET", `/api/certificates/${encodeURIComponent(values.name)}`);
    if (exists.ok) return show(c, { form: "self-signed", values, error: `a certificate named ${values.name} exists; use its Regenerate button to replace it` }, 409);
    const r = await callApi(c, cd, "POST", `/api/certificates/${encodeURIComponent(values.name)}/self-signed`, { ...(hostnames.length ? { hostnames } : {}), days: intField(form, "days") });
    if (!r.ok) return show(c, { form: "self-signed", values, error: r.error, issues: r.issues }, formStatus(r));
    return done(c, "/certificates", { kind: "ok", text: `Created the self-signed certificate ${values.name} for ${r.body.certificate.sans.join(", ")}.` });
  });
  app.post("/certificates/:name/self-signed", (c) => {
    const hostnames = splitList(text(c.get("form"), "hostnames"));
    return apiAction(c, () => callApi(c, cd, "POST", `/api/certificates/${one(c)}/self-signed`, hostnames.length ? { hostnames } : {}), {
      back: "/certificates",
      ok: (r) => `Regenerated ${c.req.param("name")}: a new self-signed certificate for ${r.body.certificate.sans.join(", ")}, valid until ${r.body.certificate.notAfter.slice(0, 10)}.`,
      failed: `${c.req.param("name")} was not regenerated`,
    });
  });
  app.post("/certificates/:name/delete", (c) =>
    apiAction(c, () => callApi(c, cd, "DELETE", `/api/certificates/${one(c)}`), { back: "/certificates", ok: `Deleted the certificate ${c.req.param("name")}.`, failed: `${c.req.param("name")} was not deleted` }));
  return app;
}
