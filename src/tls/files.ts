import { readFile } from "node:fs/promises";
import type { Logger } from "../log/logger.ts";
import type { Store } from "../store/mod.ts";
import { checkPair } from "./x509.ts";

/**
 * Loads the configuration's `certificates:` PEM files into the certificate store at start, so a
 * renewed certificate (e.g. from an ACME client) is picked up by restarting wrenmail. A file that
 * cannot be read or does not check out is logged with its cause and skipped; the stored copy, if
 * any, stays, and services naming a missing certificate fail to start with that cause.
 */
export async function loadCertificateFiles(store: Store, files: Record<string, { cert: string; key: string }>, log: Logger): Promise<void> {
  for (const [name, f] of Object.entries(files)) {
    let cert: string, key: string;
    try {
      [cert, key] = await Promise.all([readFile(f.cert, "utf8"), readFile(f.key, "utf8")]);
    } catch (err) {
      log.error(undefined, `certificate ${name}: cannot read its files: ${(err as Error).message}`);
      continue;
    }
    const check = await checkPair(cert, key, new Date());
    if (check.issues.length) {
      log.error(undefined, `certificate ${name} (${f.cert}, ${f.key}) not loaded: ${check.issues.map((i) => i.message).join("; ")}`);
      continue;
    }
    for (const w of check.warnings) log.warn(undefined, `certificate ${name}: ${w}`);
    const stored = await store.certificates.get(name);
    if (stored?.cert === cert && stored.key === key) continue;
    await store.certificates.put(name, { cert, key });
    log.info(undefined, `certificate ${name} ${stored ? "replaced" : "loaded"} from ${f.cert}`);
  }
}
