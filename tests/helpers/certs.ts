import { createSelfSigned, type PemPair } from "../../src/tls/self-signed.ts";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

let pair: Promise<PemPair> | undefined;

/** One self-signed cert for localhost, 127.0.0.1 and ::1, made once per test process. */
export function testCert(): Promise<PemPair> {
  pair ??= createSelfSigned(["localhost", "127.0.0.1", "::1"]);
  return pair;
}

/** Write PEM text to a temporary file for command-line clients; `cleanup()` removes it. */
export function pemFile(pem: string): { path: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), "wrenmail-test-"));
  const path = join(dir, "cert.pem");
  writeFileSync(path, pem);
  return { path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
