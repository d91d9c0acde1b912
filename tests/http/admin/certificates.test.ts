import "reflect-metadata";
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as x509 from "@peculiar/x509";
import { createSelfSigned } from "../../../src/tls/self-signed.ts";
import { harness, type Harness } from "./harness.ts";

const ALG = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };

/** An EC certificate valid in the given window, with its PKCS#8 key. */
async function ecCert(cn: string, notBefore: Date, notAfter: Date): Promise<{ cert: string; key: string }> {
  const keys = await crypto.subtle.generateKey(ALG, true, ["sign", "verify"]);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({ serialNumber: "01", name: `CN=${cn}`, notBefore, notAfter, keys, signingAlgorithm: ALG });
  const der = new Uint8Array(await crypto.subtle.exportKey("pkcs8", keys.privateKey));
  const b64 = btoa(String.fromCharCode(...der)).match(/.{1,64}/g)!.join("\n");
  return { cert: cert.toString("pem"), key: `-----BEGIN PRIVATE KEY-----\n${b64}\n-----END PRIVATE KEY-----\n` };
}

/** A certificate and key in openssl's traditional key formats (PKCS#1 RSA, SEC1 EC). */
function opensslPair(kind: "rsa" | "ec"): { cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), "wrenmail-cert-"));
  try {
    const key = join(dir, "k.pem");
    const crt = join(dir, "c.pem");
    if (kind === "rsa") execFileSync("openssl", ["genrsa", "-traditional", "-out", key, "2048"], { stdio: "ignore" });
    else execFileSync("openssl", ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key], { stdio: "ignore" });
    execFileSync("openssl", ["req", "-x509", "-key", key, "-out", crt, "-days", "90", "-subj", `/CN=${kind}.example.test`, "-addext", `subjectAltName=DNS:${kind}.example.test`], { stdio: "ignore" });
    return { cert: readFileSync(crt, "utf8"), key: readFileSync(key, "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("admin API: certificates", () => {
  let h: Harness;
  before(async () => {
    h = await harness();
  });
  after(() => h.close());

  test("GET lists subject, SANs, issuer, validity, self-signed, fingerprint and users; never the key", async () => {
    const r = await h.call("GET", "/api/certificates");
    assert.equal(r.status, 200);
    const [c] = r.body.certificates;
    assert.equal(c.name, "default");
    assert.equal(c.subject, "CN=localhost");
    assert.equal(c.issuer, "CN=localhost");
    assert.deepEqual(c.sans, ["localhost", "127.0.0.1", "::1"]);
    assert.equal(c.selfSigned, true);
    assert.match(c.fingerprint, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    assert.ok(Date.parse(c.notBefore) < Date.now() && Date.parse(c.notAfter) > Date.now());
    assert.ok(c.usedBy.includes("imaps"));
    assert.ok(!JSON.stringify(r.body).includes("PRIVATE KEY"));
    const one = await h.call("GET", "/api/certificates/default");
    assert.deepEqual(one.body.certificate, c);
    assert.equal((await h.call("GET", "/api/certificates/nothing")).status, 404);
  });

  test("POST a new certificate with its PKCS#8 key → 201, stored and logged", async () => {
    const pair = await createSelfSigned(["mail.example.test"]);
    const r = await h.call("POST", "/api/certificates", { body: { name: "mail", ...pair } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.certificate.subject, "CN=mail.example.test");
    assert.deepEqual(r.body.certificate.usedBy, []);
    assert.deepEqual(await h.store.certificates.get("mail").then((c) => c && { cert: c.cert, key: c.key }), pair);
    await h.log.flush();
    assert.ok((await h.store.log.query()).some((e) => e.message === "certificate mail added by admin"));
  });

  test("traditional RSA and EC key files are accepted too", async () => {
    for (const kind of ["rsa", "ec"] as const) {
      const r = await h.call("POST", "/api/certificates", { body: { name: `trad-${kind}`, ...opensslPair(kind) } });
      assert.equal(r.status, 201, `${kind}: ${JSON.stringify(r.body)}`);
      assert.deepEqual(r.body.certificate.sans, [`${kind}.example.test`]);
    }
  });

  test("an existing name needs ?replace=true; services using it are told to restart", async () => {
    const pair = await createSelfSigned(["localhost"]);
    const r = await h.call("POST", "/api/certificates", { body: { name: "default", ...pair } });
    assert.equal(r.status, 409);
    const ok = await h.call("POST", "/api/certificates?replace=true", { body: { name: "default", ...pair } });
    assert.equal(ok.status, 200);
    assert.ok(ok.body.warnings.some((w: string) => /imaps/.test(w) && /restart/.test(w)));
    assert.equal((await h.store.certificates.get("default"))!.cert, pair.cert);
  });

  const now = Date.now();
  const CASES: [string, () => Promise<unknown>, string[], RegExp][] = [
    ["a key from another certificate", async () => ({ name: "x", cert: (await createSelfSigned(["a.test"])).cert, key: (await createSelfSigned(["b.test"])).key }), ["key"], /does not belong/],
    ["an RSA key for an EC certificate", async () => ({ name: "x", cert: (await createSelfSigned(["a.test"])).cert, key: opensslPair("rsa").key }), ["key"], /not a private key for this certificate/],
    ["an expired certificate", async () => ecCert("old.test", new Date(now - 90 * 86400_000), new Date(now - 86400_000)), ["cert"], /expired on/],
    ["garbage PEM", async () => ({ name: "x", cert: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", key: (await createSelfSigned(["a.test"])).key }), ["cert"], /does not parse/],
    ["no PEM at all", async () => ({ name: "x", cert: "hello", key: "world" }), ["cert", "key"], /expected a PEM/],
    ["an encrypted key", async () => ({ name: "x", cert: (await createSelfSigned(["a.test"])).cert, key: "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n" }), ["key"], /encrypted/],
    ["a bad name and a missing key", async () => ({ name: "../etc/passwd", cert: "x" }), ["key", "name"], /./],
  ];
  for (const [what, body, paths, message] of CASES) {
    test(`POST ${what} → 400 naming the field; nothing stored`, async () => {
      const input = (await body()) as Record<string, string>;
      if (what === "an expired certificate") input.name = "x";
      const r = await h.call("POST", "/api/certificates", { body: input });
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.deepEqual(r.body.issues.map((i: { path: string }) => i.path).sort(), paths);
      assert.match(r.body.issues.map((i: { message: string }) => i.message).join("\n"), message);
      assert.equal(await h.store.certificates.get("x"), null);
    });
  }

  test("DELETE removes an unused certificate; one in use → 409", async () => {
    assert.equal((await h.call("DELETE", "/api/certificates/default")).status, 409);
    assert.equal((await h.call("DELETE", "/api/certificates/mail")).status, 204);
    assert.equal(await h.store.certificates.get("mail"), null);
    assert.equal((await h.call("DELETE", "/api/certificates/mail")).status, 404);
  });
});
