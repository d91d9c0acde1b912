import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { harness, type Harness } from "./harness.ts";

describe("admin API: OpenAPI document", () => {
  let h: Harness;
  before(async () => {
    h = await harness();
  });
  after(() => h.close());

  test("served without a token, OpenAPI 3.1, request schemas generated from the valibot schemas", async () => {
    const r = await h.call("GET", "/api/openapi.json", { token: null });
    assert.equal(r.status, 200);
    assert.equal(r.body.openapi, "3.1.0");
    const port = r.body.components.schemas.ServicePatch.properties.port;
    assert.deepEqual({ type: port.type, minimum: port.minimum, maximum: port.maximum }, { type: "integer", minimum: 1, maximum: 65535 });
    assert.equal(r.body.components.schemas.ServicePatch.additionalProperties, false);
    assert.deepEqual(r.body.components.schemas.ServiceSettings.properties.access.properties.mode.enum, ["uncontrolled", "deny", "allow"]);
    const log = r.body.paths["/api/log"].get.parameters.map((p: { name: string }) => p.name);
    assert.deepEqual(log, ["service", "level", "since", "until", "limit"]);
  });

  test("every route the app serves is in the document, and nothing else", async () => {
    const doc = (await h.call("GET", "/api/openapi.json", { token: null })).body;
    const served = new Set(
      h.app.routes
        .filter((r) => r.method !== "ALL" && r.path.startsWith("/api/"))
        .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, "{$1}")}`),
    );
    const documented = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(item)) if (method !== "parameters") documented.add(`${method.toUpperCase()} ${path}`);
    }
    assert.deepEqual([...documented].sort(), [...served].sort());
  });
});
