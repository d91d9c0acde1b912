/**
 * The OpenAPI 3.1 document of the admin REST API. Request bodies and query parameters are
 * generated from the same valibot schemas the handlers validate with; response shapes are written
 * here. A test checks that every route the app serves is described.
 *
 * @module
 */
import { ServicePatchSchema, ServiceSettingsSchema, SERVICE_NAMES } from "../../config/service.ts";
import { IpsSchema, AddAccessSchema } from "./api/lists.ts";
import { LogQuerySchema } from "./api/log.ts";
import { UploadSchema } from "./api/certificates.ts";
import { consolePaths, consoleSchemas } from "./api/openapi-paths.ts";
import { LoginSchema } from "./auth.ts";
import { type JsonSchema, toJsonSchema } from "./json-schema.ts";

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: JsonSchema) => ({ content: { "application/json": { schema } } });
const ok = (description: string, schema?: JsonSchema) => (schema ? { description, ...json(schema) } : { description });
const err = (description: string) => ok(description, ref("Error"));
const obj = (properties: Record<string, JsonSchema>, required = Object.keys(properties)): JsonSchema => ({ type: "object", properties, required });

const nameParam = { name: "name", in: "path", required: true, schema: { enum: [...SERVICE_NAMES] } };
const flagParam = (name: string, description: string) => ({ name, in: "query", required: false, schema: { enum: ["true", "false", "1", "0", ""] }, description });
const forceParam = flagParam("force", "admin service only: apply an access change even though it would refuse your own address");
const common = { "401": err("not logged in, or the token expired"), "404": err("unknown service") };

function listPaths(path: string, view: JsonSchema, add: JsonSchema, what: string) {
  const changed = ok(`the ${what} after the change`, { ...view, properties: { ...(view.properties as object), warnings: { type: "array", items: { type: "string" } } } });
  return {
    [path]: {
      parameters: [nameParam],
      get: { summary: `The ${what}`, responses: { "200": ok(`the ${what}`, view), ...common } },
      post: {
        summary: `Add entries to the ${what}`,
        parameters: [forceParam],
        requestBody: { required: true, ...json(add) },
        responses: { "200": changed, "400": err("an invalid entry (path ips[i])"), "409": err("would lock you out of admin"), ...common },
      },
      delete: {
        summary: `Remove entries from the ${what}`,
        parameters: [forceParam],
        requestBody: { required: true, ...json(toJsonSchema(IpsSchema)) },
        responses: { "200": changed, "400": err("an invalid entry"), "404": err("unknown service, or an entry not in the list"), "401": common["401"] },
      },
    },
  };
}

let cached: JsonSchema | undefined;

/** The document (built once). */
export function openApiDocument(): JsonSchema {
  if (cached) return cached;
  const ips = { type: "array", items: { type: "string" } };
  const serviceResult = obj({ service: ref("ServiceInfo") });
  cached = {
    openapi: "3.1.0",
    info: { title: "wrenmail admin API", version: "1", description: "See docs/admin-api.md for examples." },
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer" }, cookie: { type: "apiKey", in: "cookie", name: "__Host-wrenmail_session" } },
      schemas: {
        Error: obj({ error: { type: "string" }, issues: { type: "array", items: obj({ path: { type: "string" }, message: { type: "string" } }) } }, ["error"]),
        ServiceInfo: obj({
          name: { enum: [...SERVICE_NAMES] },
          protocol: { enum: ["smtp", "pop3", "imap", "http", "ftp", "ldap"] },
          status: { enum: ["running", "stopped", "failed", "starting"] },
          bind: { type: "string" },
          port: { type: "integer" },
          tls: { enum: ["none", "starttls", "implicit"] },
          certificate: { type: "string" },
          connections: { type: "integer" },
          accepted: { type: "integer" },
          refused: { type: "integer" },
          error: { type: "string" },
        }, ["name", "protocol", "status", "bind", "port", "tls", "certificate", "connections", "accepted", "refused"]),
        ServiceSettings: toJsonSchema(ServiceSettingsSchema),
        ServicePatch: toJsonSchema(ServicePatchSchema),
        Certificate: obj({
          name: { type: "string" },
          subject: { type: "string" },
          sans: { type: "array", items: { type: "string" } },
          issuer: { type: "string" },
          notBefore: { type: "string", format: "date-time" },
          notAfter: { type: "string", format: "date-time" },
          selfSigned: { type: "boolean" },
          fingerprint: { type: "string", description: "SHA-256, colon-separated hex" },
          chainLength: { type: "integer" },
          usedBy: { type: "array", items: { enum: [...SERVICE_NAMES] } },
        }),
        LogEntry: obj({
          id: { type: "integer" },
          time: { type: "string", format: "date-time" },
          level: { enum: ["debug", "info", "warn", "error"] },
          service: { type: ["string", "null"] },
          message: { type: "string" },
          fields: { type: ["object", "null"] },
        }),
        ...consoleSchemas,
      },
    },
    security: [{ bearer: [] }, { cookie: [] }],
    paths: {
      "/api/login": {
        post: {
          summary: "Log in; returns a session token and sets the session cookie",
          security: [],
          requestBody: { required: true, ...json(toJsonSchema(LoginSchema)) },
          responses: {
            "200": ok("logged in", obj({ token: { type: "string" }, admin: { type: "string" }, expiresAt: { type: "string", format: "date-time" } })),
            "400": err("malformed body"),
            "401": err("wrong name or password"),
            "403": err("cross-origin login"),
            "429": err("too many failed logins; see Retry-After"),
          },
        },
      },
      "/api/logout": { post: { summary: "End this session", responses: { "204": ok("logged out"), "401": common["401"] } } },
      "/api/openapi.json": { get: { summary: "This document", security: [], responses: { "200": ok("OpenAPI 3.1", { type: "object" }) } } },
      "/api/services": { get: { summary: "List every service", responses: { "200": ok("all fourteen", obj({ services: { type: "array", items: ref("ServiceInfo") } })), "401": common["401"] } } },
      "/api/services/{name}": {
        parameters: [nameParam],
        get: { summary: "One service with its settings", responses: { "200": ok("the service", obj({ service: ref("ServiceInfo"), settings: ref("ServiceSettings") })), ...common } },
        patch: {
          summary: "Change settings (setup); nothing changes unless all of it is valid",
          parameters: [flagParam("restart", "restart the service after the change"), forceParam],
          requestBody: { required: true, ...json(ref("ServicePatch")) },
          responses: {
            "200": ok("changed", obj({ service: ref("ServiceInfo"), settings: ref("ServiceSettings"), warnings: { type: "array", items: { type: "string" } }, restarted: { type: "boolean" } })),
            "400": err("invalid settings: one issue per field"),
            "409": err("would lock you out of admin"),
            ...common,
          },
        },
      },
      ...Object.fromEntries(
        (["start", "stop", "restart"] as const).map((a) => [
          `/api/services/{name}/${a}`,
          {
            parameters: [nameParam],
            post: {
              summary: `${a[0]!.toUpperCase()}${a.slice(1)} the service`,
              responses: {
                "200": ok("done", serviceResult),
                ...(a === "restart" ? { "202": ok("admin: restarting after this response", obj({ service: ref("ServiceInfo"), restarting: { type: "boolean" } })) } : {}),
                "409": err(a === "stop" ? "the admin service cannot be stopped" : "the service failed to start (cause in error and service.error)"),
                ...common,
              },
            },
          },
        ]),
      ),
      ...listPaths("/api/services/{name}/access", obj({ mode: { enum: ["uncontrolled", "deny", "allow"] }, ips }), toJsonSchema(AddAccessSchema), "access list"),
      ...listPaths("/api/services/{name}/limits/unlimited", obj({ ips }), toJsonSchema(IpsSchema), "unlimited list"),
      "/api/certificates": {
        get: { summary: "Every certificate (never the key)", responses: { "200": ok("the store", obj({ certificates: { type: "array", items: ref("Certificate") } })), "401": common["401"] } },
        post: {
          summary: "Upload a certificate and its key (PEM)",
          parameters: [flagParam("replace", "replace a certificate of the same name")],
          requestBody: { required: true, ...json(toJsonSchema(UploadSchema)) },
          responses: {
            "201": ok("added", obj({ certificate: ref("Certificate"), warnings: { type: "array", items: { type: "string" } } })),
            "200": ok("replaced", obj({ certificate: ref("Certificate"), warnings: { type: "array", items: { type: "string" } } })),
            "400": err("does not parse, expired, or the key does not match"),
            "409": err("the name exists and replace was not asked for"),
            "401": common["401"],
          },
        },
      },
      "/api/certificates/{name}": {
        parameters: [{ name: "name", in: "path", required: true, schema: { type: "string" } }],
        get: { summary: "One certificate", responses: { "200": ok("the certificate", obj({ certificate: ref("Certificate") })), "401": common["401"], "404": err("no such certificate") } },
        delete: { summary: "Remove a certificate no service uses", responses: { "204": ok("removed"), "401": common["401"], "404": err("no such certificate"), "409": err("in use") } },
      },
      "/api/log": {
        get: {
          summary: "The system log, newest first",
          parameters: Object.entries(LogQuerySchema.entries).map(([name, s]) => ({ name, in: "query", required: false, schema: toJsonSchema(s) })),
          responses: { "200": ok("entries", obj({ entries: { type: "array", items: ref("LogEntry") } })), "400": err("a bad parameter"), "401": common["401"] },
        },
      },
      ...consolePaths,
    },
  };
  return cached;
}
