import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { harness, type Harness } from "./harness.ts";

describe("admin API: regenerate a self-signed certificate", () => {
  let h: Harness;
  before(async () => {
    h = await harness();
  });
  after(() => h.close());

  test("regenerates for the same names (new key), creates a new one for given names, refuses bad names", async () => {
    const before = (await h.call("GET", "/api/certificates/default")).body.certificate;
    const old = await h.store.certificates.get("default");
    const r = await h.call("POST", "/api/certificates/default/self-signed", { body: {} });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.certificate.sans, before.sans);
    assert.notEqual(r.body.certificate.fingerprint, before.fingerprint);
    assert.notEqual((await h.store.certificates.get("default"))?.key, old?.key);
    assert.match(r.body.warnings[0], /^admin, smtp, .* use this certificate; restart them/);

    const made = await h.call("POST", "/api/certificates/lab/self-signed", { body: { hostnames: ["mail.lab.test", "192.0.2.7"], days: 30 } });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.deepEqual(made.body.certificate.sans, ["mail.lab.test", "192.0.2.7"]);
    const days = (Date.parse(made.body.certificate.notAfter) - Date.now()) / 86400_000;
    assert.ok(days > 29 && days <= 30, String(days));

    const bad = await h.call("POST", "/api/certificates/lab2/self-signed", { body: { hostnames: ["ok.test", "not a host"], days: 0 } });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.issues.map((i: { path: string }) => i.path).sort(), ["days", "hostnames[1]"]);
    const none = await h.call("POST", "/api/certificates/lab3/self-signed", { body: {} });
    assert.equal(none.status, 400);
    assert.equal(none.body.issues[0].path, "hostnames");
    assert.equal((await h.call("POST", "/api/certificates/..%2Fx/self-signed", { body: {} })).status, 400);
    await h.log.flush();
    assert.ok((await h.store.log.query({ limit: 5 })).some((e) => e.message === "certificate lab created (self-signed for mail.lab.test, 192.0.2.7) by admin"));
  });
});
