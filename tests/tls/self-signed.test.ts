import { test } from "node:test";
import assert from "node:assert/strict";
import { X509Certificate, createPrivateKey } from "node:crypto";
import * as tls from "node:tls";
import { createSelfSigned } from "../../src/tls/self-signed.ts";
import { pemFile } from "../helpers/certs.ts";
import { run } from "../helpers/net.ts";

const hosts = ["mail.example.test", "localhost", "127.0.0.1", "::1"];

test("self-signed: parses, names every host as a SAN, has sane validity", async () => {
  const t0 = performance.now();
  const { cert, key } = await createSelfSigned(hosts, { days: 30 });
  console.log(`# self-signed cert made in ${(performance.now() - t0).toFixed(1)} ms`);
  assert.match(cert, /^-----BEGIN CERTIFICATE-----\n/);
  assert.match(key, /^-----BEGIN PRIVATE KEY-----\n/);
  const x = new X509Certificate(cert);
  assert.equal(x.subject, "CN=mail.example.test");
  assert.equal(x.issuer, x.subject);
  assert.ok(x.verify(x.publicKey), "self-signature verifies");
  assert.equal(x.publicKey.asymmetricKeyType, "ec");
  assert.equal(x.publicKey.asymmetricKeyDetails?.namedCurve, "prime256v1");
  assert.ok(x.checkPrivateKey(createPrivateKey(key)), "key matches cert");
  const san = x.subjectAltName ?? "";
  for (const h of ["DNS:mail.example.test", "DNS:localhost", "IP Address:127.0.0.1"]) assert.ok(san.includes(h), san);
  assert.match(san, /IP Address:(0:0:0:0:0:0:0:1|::1)/i);
  assert.equal(x.checkHost("mail.example.test"), "mail.example.test");
  assert.equal(x.checkIP("127.0.0.1"), "127.0.0.1");
  assert.equal(x.checkHost("other.example.test"), undefined);
  const from = Date.parse(x.validFrom);
  const to = Date.parse(x.validTo);
  assert.ok(from <= Date.now() && from > Date.now() - 2 * 86400_000, x.validFrom);
  assert.ok(Math.abs(to - (Date.now() + 30 * 86400_000)) < 86400_000, x.validTo);
  assert.equal(x.ca, false);
  // A fresh serial each time.
  const other = new X509Certificate((await createSelfSigned(hosts)).cert);
  assert.notEqual(other.serialNumber, x.serialNumber);
  await assert.rejects(createSelfSigned([]), TypeError);
});

test("self-signed: node:tls serves it and a client trusting it verifies the host", async () => {
  const pair = await createSelfSigned(hosts);
  const server = tls.createServer({ cert: pair.cert, key: pair.key }, (s) => s.end("hello over tls\n"));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  try {
    const text = await new Promise<string>((resolve, reject) => {
      const c = tls.connect({ port, host: "127.0.0.1", ca: [pair.cert], servername: "mail.example.test" });
      let got = "";
      c.on("data", (d: Buffer) => (got += d.toString()));
      c.on("end", () => resolve(got));
      c.on("error", reject);
    });
    assert.equal(text, "hello over tls\n");
    // A name the cert does not carry fails verification.
    await assert.rejects(
      new Promise((resolve, reject) => {
        const c = tls.connect({ port, host: "127.0.0.1", ca: [pair.cert], servername: "other.example.test" }, () => resolve(c));
        c.on("error", reject);
      }),
      /altnames|Hostname/i,
    );
  } finally {
    await new Promise((r) => server.close(r));
  }
});

test("self-signed: openssl accepts the certificate and the key", async () => {
  const pair = await createSelfSigned(hosts);
  const c = pemFile(pair.cert);
  const k = pemFile(pair.key);
  try {
    const verify = await run("openssl", ["verify", "-CAfile", c.path, "-purpose", "sslserver", "-verify_hostname", "mail.example.test", c.path]);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    assert.match(verify.stdout, /OK/);
    const text = await run("openssl", ["x509", "-in", c.path, "-noout", "-text"]);
    assert.match(text.stdout, /ecdsa-with-SHA256/);
    assert.match(text.stdout, /NIST CURVE: P-256|prime256v1/);
    const key = await run("openssl", ["pkey", "-in", k.path, "-noout", "-check"]);
    assert.equal(key.code, 0, key.stderr);
  } finally {
    c.cleanup();
    k.cleanup();
  }
});
