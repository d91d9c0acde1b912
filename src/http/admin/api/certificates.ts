import { Hono } from "hono";
import * as v from "valibot";
import { CertificateNameSchema } from "../../../config/service.ts";
import type { AdminDeps, AdminEnv } from "../deps.ts";
import { ApiError, invalid, readJson, validate } from "../errors.ts";
import { checkPair, describeCertificate } from "../../../tls/x509.ts";
import { flag } from "./query.ts";

const PEM_LIMIT = 64 * 1024;

/** Body of `POST /api/certificates`. */
export const UploadSchema = v.strictObject(
  {
    name: CertificateNameSchema,
    cert: v.pipe(v.string("expected the certificate (and any chain) as PEM text"), v.maxLength(PEM_LIMIT, `expected at most ${PEM_LIMIT} characters`)),
    key: v.pipe(v.string("expected the private key as PEM text"), v.maxLength(PEM_LIMIT, `expected at most ${PEM_LIMIT} characters`)),
  },
  "expected a JSON object with name, cert and key",
);

/**
 * `/api/certificates`: the certificate store. Listings show the certificate, never the key. An
 * upload must parse, be unexpired and come with its own key; replacing a name needs `?replace=true`
 * and reaches services on their next restart.
 */
export function certificatesApi(deps: AdminDeps): Hono<AdminEnv> {
  const { store, services, log } = deps;
  const usedBy = (name: string) => services.list().filter((s) => s.certificate === name).map((s) => s.name);
  const info = async (name: string, pem: string) => ({ ...(await describeCertificate(name, pem)), usedBy: usedBy(name) });
  const load = async (name: string) => {
    const c = await store.certificates.get(name);
    if (!c) throw new ApiError(404, `no certificate named ${JSON.stringify(name)}`);
    return c;
  };

  return new Hono<AdminEnv>()
    .get("/", async (c) => {
      const rows = await store.certificates.list();
      const certificates = [];
      for (const { name } of rows) certificates.push(await info(name, (await load(name)).cert));
      return c.json({ certificates });
    })
    .get("/:name", async (c) => {
      const name = c.req.param("name");
      return c.json({ certificate: await info(name, (await load(name)).cert) });
    })
    .post("/", async (c) => {
      const replace = flag(c.req.query("replace"), "replace");
      const { name, cert, key } = validate(UploadSchema, await readJson(c), ["name", "cert", "key"]);
      const check = await checkPair(cert, key, new Date(deps.now?.() ?? Date.now()));
      if (check.issues.length) throw invalid(check.issues, "the certificate or key cannot be used");
      const exists = (await store.certificates.get(name)) !== null;
      if (exists && !replace) throw new ApiError(409, `a certificate named ${JSON.stringify(name)} exists; repeat with ?replace=true to replace it`);
      await store.certificates.put(name, { cert, key });
      const { actor } = c.get("caller");
      log.info(undefined, `certificate ${name} ${exists ? "replaced" : "added"} by ${actor}`, { actor, certificate: name });
      const warnings = [...check.warnings];
      const users = usedBy(name);
      if (exists && users.length) warnings.push(`${users.join(", ")} use this certificate; restart them to serve the new one`);
      return c.json({ certificate: await info(name, cert), warnings }, exists ? 200 : 201);
    })
    .delete("/:name", async (c) => {
      const name = c.req.param("name");
      await load(name);
      const users = usedBy(name);
      if (users.length) throw new ApiError(409, `certificate ${name} is used by ${users.join(", ")}; point them at another certificate first`);
      await store.certificates.remove(name);
      const { actor } = c.get("caller");
      log.info(undefined, `certificate ${name} removed by ${actor}`, { actor, certificate: name });
      return c.body(null, 204);
    });
}
