// @peculiar/x509 relies on decorator metadata at load time; the polyfill must come first.
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { isIP } from "node:net";

export interface SelfSignedOptions {
  /** Validity in days from now (default 825, the longest span Apple clients still accept). */
  days?: number;
  /** Subject common name (default: the first hostname). */
  commonName?: string;
}

export interface PemPair {
  cert: string;
  key: string;
}

const ALG: EcKeyGenParams & EcdsaParams = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };

/**
 * A self-signed ECDSA P-256 certificate for the given host names (DNS names or IP literals),
 * made with WebCrypto so it needs no openssl and runs on Deno, Bun and Node alike.
 */
export async function createSelfSigned(hostnames: string[], opts: SelfSignedOptions = {}): Promise<PemPair> {
  if (!hostnames.length) throw new TypeError("createSelfSigned needs at least one hostname");
  const keys = await crypto.subtle.generateKey(ALG, true, ["sign", "verify"]);
  // Backdated an hour so a client whose clock runs a little behind still accepts it.
  const notBefore = new Date(Date.now() - 3600_000);
  const notAfter = new Date(Date.now() + (opts.days ?? 825) * 86400_000);
  const cn = (opts.commonName ?? hostnames[0]).replace(/[,+="\\<>;#]/g, "");
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: `CN=${cn}`,
    notBefore,
    notAfter,
    keys,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(
        hostnames.map((h) => (isIP(h) ? { type: "ip" as const, value: h } : { type: "dns" as const, value: h })),
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const pkcs8 = await crypto.subtle.exportKey("pkcs8", keys.privateKey);
  return { cert: cert.toString("pem") + "\n", key: toPem(new Uint8Array(pkcs8), "PRIVATE KEY") };
}

// Positive (high bit clear) 16-byte serial, as RFC 5280 wants, random so re-created certs differ.
function randomSerial(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[0] = (b[0] & 0x7f) | 0x01;
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

function toPem(der: Uint8Array, label: string): string {
  let bin = "";
  for (const byte of der) bin += String.fromCharCode(byte);
  const lines = btoa(bin).match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}
