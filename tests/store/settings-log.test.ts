import assert from "node:assert/strict";
import { test } from "node:test";
import { codeOf, withStore } from "./helpers.ts";

const PEM = { cert: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", key: "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n" };

test("services: set/get/list JSON settings", async () => {
  await withStore(async (store) => {
    assert.equal(await store.services.get("smtp"), null);
    const settings = { port: 25, access: { mode: "allow", ips: ["10.0.0.0/8"] }, limits: { unlimited: [] } };
    await store.services.set("smtp", settings);
    assert.deepEqual(await store.services.get("smtp"), settings);
    await store.services.set("smtp", { ...settings, port: 2525 });
    await store.services.set("imap", { port: 143 });
    const list = await store.services.list();
    assert.deepEqual(list.map((s) => [s.name, (s.settings as { port: number }).port]), [["imap", 143], ["smtp", 2525]]);
    assert.ok(list[0].updatedAt instanceof Date);
    assert.equal(await codeOf(store.services.set("", {})), "invalid");
  });
});

test("certificates: put/get/list/remove", async () => {
  await withStore(async (store) => {
    assert.equal(await store.certificates.get("default"), null);
    await store.certificates.put("default", PEM);
    const c = await store.certificates.get("default");
    assert.equal(c?.cert, PEM.cert);
    assert.equal(c?.key, PEM.key);
    await store.certificates.put("default", { ...PEM, cert: PEM.cert + "\n" });
    assert.deepEqual((await store.certificates.list()).map((x) => Object.keys(x).sort()), [["createdAt", "name"]]);
    assert.equal(await codeOf(store.certificates.put("x", { cert: "nope", key: PEM.key })), "invalid");
    assert.equal(await codeOf(store.certificates.put("bad name", PEM)), "invalid");
    await store.certificates.remove("default");
    assert.equal(await codeOf(store.certificates.remove("default")), "not_found");
  });
});

test("log: append, query filters newest first, trimLog keeps the newest", async () => {
  await withStore(async (store) => {
    const t0 = Date.parse("2026-01-01T00:00:00Z");
    for (let i = 0; i < 10; i++) {
      await store.log.append({ time: new Date(t0 + i * 1000), level: (["info", "warn", "error", "debug"] as const)[i % 4], service: i % 2 ? "smtp" : undefined, message: `m${i}`, fields: { i } });
    }
    const all = await store.log.query();
    assert.deepEqual(all.map((e) => e.message), ["m9", "m8", "m7", "m6", "m5", "m4", "m3", "m2", "m1", "m0"]);
    assert.deepEqual(all[0].fields, { i: 9 });
    assert.equal(all[1].service, null);
    assert.deepEqual((await store.log.query({ service: "smtp", limit: 2 })).map((e) => e.message), ["m9", "m7"]);
    assert.deepEqual((await store.log.query({ level: "warn" })).map((e) => e.level), ["warn", "error", "warn", "error", "warn"]);
    assert.deepEqual((await store.log.query({ since: new Date(t0 + 3000), until: new Date(t0 + 5000) })).map((e) => e.message), ["m5", "m4", "m3"]);
    assert.equal(await store.log.trimLog(4), 6);
    assert.deepEqual((await store.log.query()).map((e) => e.message), ["m9", "m8", "m7", "m6"]);
    assert.equal(await store.log.trimLog(4), 0);
    assert.equal(await codeOf(store.log.append({ level: "loud" as "info", message: "x" })), "invalid");
  });
});
