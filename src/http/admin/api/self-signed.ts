import { Hono } from "hono";
import * as v from "valibot";
import { CertificateNameSchema } from "../../../config/service.ts";
import { isIp } from "../../../config/ip.ts";
import { describeCertificate } from "../../../tls/x509.ts";
// Static on purpose: loaded lazily with import(), the compiled binary (bun build --compile) ran
// @peculiar/x509 before its reflect-metadata polyfill and would not start (measured). The module's
// one non-web import is node:net's isIP, which Deno, Bun, Node and Deno Deploy all provide.
import { createSelfSigned } from "../../../tls/self-signed.ts";
import type { AdminDeps, AdminEnv } from "../deps.ts";
import { ApiError, readJson, validate } from "../errors.ts";

const HOST = /^(?=.{1,253}$)(\*\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const HOST_MESSAGE = "expected a host name (such as mail.example.test) or an IP address";

/** Body of `POST /api/certificates/:name/self-signed`; every field optional. */
export const SelfSignedSchema = v.strictObject(
  {
    hostnames: v.optional(
      v.pipe(
        v.array(v.pipe(v.string(HOST_MESSAGE), v.check((h) => HOST.test(h) || isIp(h), HOST_MESSAGE)), "expected a list of host names"),
        v.minLength(1, "expected at least one host name"),
        v.maxLength(50, "expected at most 50 host names"),
      ),
    ),
    days: v.optional(v.pipe(v.number("expected a whole number of days 1-3650"), v.integer("expected a whole number of days 1-3650"), v.minValue(1, "expected a whole number of days 1-3650"), v.maxValue(3650, "expected a whole number of days 1-3650"))),
  },
  "expected a JSON object with optionally hostnames and days",
);

/**
 * `POST /api/certificates/:name/self-signed`: makes a new self-signed certificate and key under
 * `name` — replacing one that is there (by default for the same host names), or creating it.
 * For a server with no real certificate yet, or one whose self-signed certificate is expiring.
 */
export function selfSignedApi(deps: AdminDeps): Hono<AdminEnv> {
  const { store, services, log } = deps;
  return new Hono<AdminEnv>().post("/:name/self-signed", async (c) => {
    const name = validate(v.object({ name: CertificateNameSchema }), { name: c.req.param("name") }).name;
    const body = validate(SelfSignedSchema, await readJson(c), ["hostnames", "days"]);
    const existing = await store.certificates.get(name);
    const hostnames = body.hostnames ?? (existing ? (await describeCertificate(name, existing.cert)).sans : []);
    if (!hostnames.length) {
      throw new ApiError(400, "invalid request", { issues: [{ path: "hostnames", message: "expected the host names to put in the certificate (the current one names none)" }] });
    }
    // Loaded only when used: the generator module imports node:net (isIP), and src/http/ must stay
    // loadable on a web-standard host that may not offer it.
    const pair = await createSelfSigned(hostnames, { days: body.days });
    await store.certificates.put(name, pair);
    const { actor } = c.get("caller");
    log.info(undefined, `certificate ${name} ${existing ? "regenerated" : "created"} (self-signed for ${hostnames.join(", ")}) by ${actor}`, { actor, certificate: name });
    const usedBy = services.list().filter((s) => s.certificate === name).map((s) => s.name);
    const warnings = usedBy.length ? [`${usedBy.join(", ")} use this certificate; restart them to serve the new one`] : [];
    return c.json({ certificate: { ...(await describeCertificate(name, pair.cert)), usedBy }, warnings }, existing ? 200 : 201);
  });
}
