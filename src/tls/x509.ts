/**
 * Reading and checking PEM certificates and keys with @peculiar/x509 and WebCrypto only, so the
 * admin app needs no openssl and stays web-standard (this module is shared with the server start).
 *
 * @module
 */
// @peculiar/x509 relies on decorator metadata at load time; the polyfill must come first.
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import type { ConfigIssue } from "../config/mod.ts";

type Issue = Pick<ConfigIssue, "path" | "message">;

/** What the API shows of a stored certificate: never the key. */
export interface CertificateInfo {
  name: string;
  subject: string;
  /** DNS names and IP addresses the certificate is valid for. */
  sans: string[];
  issuer: string;
  notBefore: string;
  notAfter: string;
  selfSigned: boolean;
  /** SHA-256 of the DER certificate, colon-separated hex as openssl prints it. */
  fingerprint: string;
  /** Certificates after the first in the PEM (the chain sent to clients). */
  chainLength: number;
}

const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The certificates in a PEM text, leaf first; throws on any that does not parse. */
function parseChain(pem: string): x509.X509Certificate[] {
  const blocks = pem.match(CERT_BLOCK) ?? [];
  return blocks.map((b) => new x509.X509Certificate(b));
}

function hex(buf: ArrayBuffer): string {
  return Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, "0").toUpperCase()).join(":");
}

/** Describes the leaf certificate of `pem`. */
export async function describeCertificate(name: string, pem: string): Promise<CertificateInfo> {
  const [leaf, ...chain] = parseChain(pem);
  if (!leaf) throw new Error(`certificate ${name} holds no PEM certificate`);
  const san = leaf.getExtension(x509.SubjectAlternativeNameExtension);
  return {
    name,
    subject: leaf.subject,
    sans: san ? san.names.items.filter((n) => n.type === "dns" || n.type === "ip").map((n) => n.value) : [],
    issuer: leaf.issuer,
    notBefore: leaf.notBefore.toISOString(),
    notAfter: leaf.notAfter.toISOString(),
    selfSigned: await leaf.isSelfSigned(),
    fingerprint: hex(await leaf.getThumbprint("SHA-256")),
    chainLength: chain.length,
  };
}

/** Result of {@link checkPair}: problems that refuse the upload, and things worth a warning. */
export interface PairCheck {
  issues: Issue[];
  warnings: string[];
}

/**
 * Checks that `cert` parses, has not expired, and that `key` is the private key of its public
 * key (compared through the public parts of both, exported as JWK). Accepts PKCS#8 keys and the
 * traditional `RSA PRIVATE KEY` / `EC PRIVATE KEY` forms.
 */
export async function checkPair(certPem: string, keyPem: string, now: Date): Promise<PairCheck> {
  const issues: Issue[] = [];
  const warnings: string[] = [];
  let leaf: x509.X509Certificate | undefined;
  try {
    [leaf] = parseChain(certPem);
    if (!leaf) issues.push({ path: "cert", message: "expected a PEM certificate (-----BEGIN CERTIFICATE-----)" });
  } catch (err) {
    issues.push({ path: "cert", message: `the certificate does not parse: ${err instanceof Error ? err.message : String(err)}` });
  }
  if (leaf) {
    if (leaf.notAfter.getTime() < now.getTime()) issues.push({ path: "cert", message: `the certificate expired on ${leaf.notAfter.toISOString()}` });
    else if (leaf.notAfter.getTime() - now.getTime() < 30 * 86400_000) warnings.push(`the certificate expires soon, on ${leaf.notAfter.toISOString()}`);
    if (leaf.notBefore.getTime() > now.getTime()) warnings.push(`the certificate is not valid before ${leaf.notBefore.toISOString()}`);
  }
  const key = readKey(keyPem, leaf);
  if ("error" in key) issues.push({ path: "key", message: key.error });
  else if (leaf) {
    const why = await keyMismatch(leaf, key.pkcs8);
    if (why) issues.push({ path: "key", message: why });
  }
  return { issues, warnings };
}

async function keyMismatch(leaf: x509.X509Certificate, pkcs8: Uint8Array): Promise<string | undefined> {
  const alg = leaf.publicKey.algorithm as Algorithm & { namedCurve?: string };
  const importAlg: AlgorithmIdentifier | RsaHashedImportParams | EcKeyImportParams =
    alg.name === "ECDSA" ? { name: "ECDSA", namedCurve: alg.namedCurve! } : alg.name.startsWith("RSA") ? { name: alg.name, hash: "SHA-256" } : { name: alg.name };
  let priv: JsonWebKey;
  try {
    const k = await crypto.subtle.importKey("pkcs8", pkcs8 as BufferSource, importAlg, true, ["sign"]);
    priv = await crypto.subtle.exportKey("jwk", k);
  } catch {
    return `not a private key for this certificate (the certificate has a ${describeAlg(alg)} key)`;
  }
  const pub = await crypto.subtle.exportKey("jwk", await leaf.publicKey.export());
  const parts = ["n", "e", "crv", "x", "y"] as const;
  return parts.every((p) => priv[p] === pub[p]) ? undefined : "the private key does not belong to this certificate";
}

function describeAlg(alg: Algorithm & { namedCurve?: string }): string {
  return alg.name === "ECDSA" ? `ECDSA ${alg.namedCurve}` : alg.name.startsWith("RSA") ? "RSA" : alg.name;
}

/** The key as PKCS#8 DER, or why it cannot be used. */
function readKey(pem: string, leaf: x509.X509Certificate | undefined): { pkcs8: Uint8Array } | { error: string } {
  const m = /-----BEGIN ([A-Z ]+)-----([\s\S]+?)-----END \1-----/.exec(pem);
  if (!m) return { error: "expected a PEM private key (-----BEGIN PRIVATE KEY-----)" };
  const label = m[1]!;
  if (label === "ENCRYPTED PRIVATE KEY") return { error: "the private key is encrypted; upload it decrypted (openssl pkey -in key.pem -out plain.pem)" };
  let der: Uint8Array;
  try {
    der = Uint8Array.from(atob(m[2]!.replace(/\s+/g, "")), (ch) => ch.charCodeAt(0));
  } catch {
    return { error: "the PEM private key is not valid base64" };
  }
  if (label === "PRIVATE KEY") return { pkcs8: der };
  if (label === "RSA PRIVATE KEY") return { pkcs8: pkcs8Wrap(RSA_ALG, der) };
  if (label === "EC PRIVATE KEY") {
    const curve = (leaf?.publicKey.algorithm as { namedCurve?: string } | undefined)?.namedCurve;
    const oid = curve ? CURVE_OIDS[curve] : undefined;
    // Without the certificate's curve there is nothing to match the key against anyway.
    if (!oid) return { error: leaf ? "an EC PRIVATE KEY needs an ECDSA certificate on P-256, P-384 or P-521" : "cannot read the EC key without a valid certificate" };
    return { pkcs8: pkcs8Wrap(seq(EC_PUBLIC_KEY_OID, oid), der) };
  }
  return { error: `expected a PEM private key, got "${label}"` };
}

// DER pieces for wrapping a PKCS#1 or SEC1 key into PKCS#8 (RFC 5208), which is all WebCrypto reads.
const RSA_ALG = Uint8Array.from([0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00]);
const EC_PUBLIC_KEY_OID = Uint8Array.from([0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01]);
const CURVE_OIDS: Record<string, Uint8Array> = {
  "P-256": Uint8Array.from([0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07]),
  "P-384": Uint8Array.from([0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22]),
  "P-521": Uint8Array.from([0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x23]),
};

function tlv(tag: number, body: Uint8Array): Uint8Array {
  const n = body.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  const out = new Uint8Array(1 + len.length + n);
  out[0] = tag;
  out.set(len, 1);
  out.set(body, 1 + len.length);
  return out;
}

function seq(...parts: Uint8Array[]): Uint8Array {
  const body = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    body.set(p, at);
    at += p.length;
  }
  return tlv(0x30, body);
}

function pkcs8Wrap(algorithm: Uint8Array, key: Uint8Array): Uint8Array {
  return seq(Uint8Array.from([0x02, 0x01, 0x00]), algorithm, tlv(0x04, key));
}
