/**
 * The OpenAPI description of the endpoints added for the console: domains, accounts, aliases, the
 * queue, dashboard stats and self-signed certificates. Merged into the one document by openapi.ts;
 * request schemas come from the same valibot schemas the handlers validate with.
 *
 * @module
 */
import { type JsonSchema, toJsonSchema } from "../json-schema.ts";
import { AccountCreateSchema, AccountPatchSchema } from "./accounts.ts";
import { AliasCreateSchema, AliasPatchSchema } from "./aliases.ts";
import { DomainCreateSchema, DomainPatchSchema } from "./domains.ts";
import { QUEUE_STATUSES } from "./queue.ts";
import { SelfSignedSchema } from "./self-signed.ts";

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: JsonSchema) => ({ content: { "application/json": { schema } } });
const ok = (description: string, schema?: JsonSchema) => (schema ? { description, ...json(schema) } : { description });
const err = (description: string) => ok(description, ref("Error"));
const obj = (properties: Record<string, JsonSchema>, required = Object.keys(properties)): JsonSchema => ({ type: "object", properties, required });
const str = { type: "string" };
const time = { type: "string", format: "date-time" };
const ints = { type: "array", items: { type: "integer" } };
const unauthorized = { "401": err("not logged in, or the token expired") };
const path = (name: string, description: string) => ({ name, in: "path", required: true, schema: str, description });
const query = (name: string, schema: JsonSchema, description: string) => ({ name, in: "query", required: false, schema, description });

/** Schemas for `components.schemas`. */
export const consoleSchemas: Record<string, JsonSchema> = {
  Domain: obj({ name: str, catchAll: { type: ["string", "null"] }, enabled: { type: "boolean" }, createdAt: time, accounts: { type: "integer" }, aliases: { type: "integer" } }),
  Account: obj({ address: str, domain: str, displayName: str, quota: { type: "integer", description: "bytes; 0 = unlimited" }, usedBytes: { type: "integer" }, enabled: { type: "boolean" }, createdAt: time }),
  Alias: obj({ source: str, domain: str, destinations: { type: "array", items: str }, enabled: { type: "boolean" }, createdAt: time }),
  QueueEntry: obj({
    id: { type: "integer" },
    sender: { type: "string", description: "empty for a bounce (null reverse-path)" },
    recipients: { type: "array", items: str },
    status: { enum: [...QUEUE_STATUSES] },
    attempts: { type: "integer" },
    nextAttemptAt: time,
    lastError: { type: ["string", "null"] },
    createdAt: time,
  }),
  ServiceStats: obj(
    {
      name: str,
      status: { enum: ["running", "stopped", "failed", "starting"] },
      error: str,
      connections: { type: "integer" },
      accepted: { type: "integer" },
      refused: { type: "integer" },
      perMinute: obj({ accepted: ints, refused: ints, peakConnections: ints }),
    },
    ["name", "status", "connections", "accepted", "refused", "perMinute"],
  ),
};

function crud(o: { base: string; one: string; param: string; paramDoc: string; schema: string; create: JsonSchema; patch: JsonSchema; listQuery?: JsonSchema[]; removeNote: string; extraDelete?: JsonSchema[] }) {
  const key = o.schema.toLowerCase();
  const list = `${key === "alias" ? "aliases" : `${key}s`}`;
  return {
    [o.base]: {
      get: {
        summary: `Every ${key}`,
        ...(o.listQuery ? { parameters: o.listQuery } : {}),
        responses: { "200": ok(`the ${list}`, obj({ [list]: { type: "array", items: ref(o.schema) } })), "400": err("a bad parameter"), "404": err("no such domain"), ...unauthorized },
      },
      post: {
        summary: `Add a ${key}`,
        requestBody: { required: true, ...json(o.create) },
        responses: { "201": ok("added", obj({ [key]: ref(o.schema) })), "400": err("invalid fields, one issue each"), "404": err("the domain does not exist"), "409": err("it exists already"), ...unauthorized },
      },
    },
    [o.one]: {
      parameters: [path(o.param, o.paramDoc)],
      get: { summary: `One ${key}`, responses: { "200": ok(`the ${key}`, obj({ [key]: ref(o.schema) })), "404": err(`no such ${key}`), ...unauthorized } },
      patch: {
        summary: `Change a ${key}`,
        requestBody: { required: true, ...json(o.patch) },
        responses: { "200": ok("changed", obj({ [key]: ref(o.schema) })), "400": err("invalid fields; nothing changed"), "404": err(`no such ${key}`), ...unauthorized },
      },
      delete: {
        summary: `Remove a ${key}`,
        ...(o.extraDelete ? { parameters: o.extraDelete } : {}),
        responses: { "204": ok("removed"), "404": err(`no such ${key}`), ...(o.removeNote ? { "409": err(o.removeNote) } : {}), ...unauthorized },
      },
    },
  };
}

/** Paths for the document's `paths`. */
export const consolePaths: Record<string, JsonSchema> = {
  ...crud({
    base: "/api/domains",
    one: "/api/domains/{name}",
    param: "name",
    paramDoc: "the domain name",
    schema: "Domain",
    create: toJsonSchema(DomainCreateSchema),
    patch: toJsonSchema(DomainPatchSchema),
    removeNote: "the domain still has accounts and force was not given",
    extraDelete: [query("force", { enum: ["true", "false", "1", "0", ""] }, "also remove the domain's accounts and their mail")],
  }),
  ...crud({
    base: "/api/accounts",
    one: "/api/accounts/{address}",
    param: "address",
    paramDoc: "the account's address",
    schema: "Account",
    create: toJsonSchema(AccountCreateSchema),
    patch: toJsonSchema(AccountPatchSchema),
    listQuery: [query("domain", str, "only this domain's accounts")],
    removeNote: "",
  }),
  ...crud({
    base: "/api/aliases",
    one: "/api/aliases/{source}",
    param: "source",
    paramDoc: "the alias address, or @domain for a catch-all",
    schema: "Alias",
    create: toJsonSchema(AliasCreateSchema),
    patch: toJsonSchema(AliasPatchSchema),
    listQuery: [query("domain", str, "only this domain's aliases")],
    removeNote: "",
  }),
  "/api/queue": {
    get: {
      summary: "The outbound queue, oldest first",
      parameters: [query("status", { enum: [...QUEUE_STATUSES] }, "only entries with this status")],
      responses: { "200": ok("entries", obj({ entries: { type: "array", items: ref("QueueEntry") } })), "400": err("a bad parameter"), ...unauthorized },
    },
  },
  "/api/queue/{id}": {
    parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }],
    get: { summary: "One queue entry", responses: { "200": ok("the entry", obj({ entry: ref("QueueEntry") })), "400": err("not a number"), "404": err("no such entry"), ...unauthorized } },
    delete: { summary: "Delete an entry and its message", responses: { "204": ok("deleted"), "404": err("no such entry"), "409": err("being sent right now"), ...unauthorized } },
  },
  "/api/queue/{id}/retry": {
    parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }],
    post: {
      summary: "Make an entry due now (status queued)",
      responses: { "200": ok("queued", obj({ entry: ref("QueueEntry") })), "404": err("no such entry"), "409": err("being sent or already sent"), ...unauthorized },
    },
  },
  "/api/stats": {
    get: {
      summary: "Dashboard figures: status and live connections now, accepted/refused/peak connections per minute",
      parameters: [query("minutes", { type: "string", pattern: "^\\d{1,2}$" }, "minutes of history, 1-60 (default 30)")],
      responses: {
        "200": ok("the figures", obj({ time, minutes: { type: "array", items: time, description: "start of each minute, oldest first" }, services: { type: "array", items: ref("ServiceStats") } })),
        "400": err("a bad parameter"),
        ...unauthorized,
      },
    },
  },
  "/api/certificates/{name}/self-signed": {
    parameters: [path("name", "certificate name (created if absent)")],
    post: {
      summary: "Make a new self-signed certificate and key under this name",
      requestBody: { required: true, ...json(toJsonSchema(SelfSignedSchema)) },
      responses: {
        "200": ok("regenerated", obj({ certificate: ref("Certificate"), warnings: { type: "array", items: str } })),
        "201": ok("created", obj({ certificate: ref("Certificate"), warnings: { type: "array", items: str } })),
        "400": err("bad host names or days, or no names for a new certificate"),
        ...unauthorized,
      },
    },
  },
};
