import type { TlsOptions } from "../../runtime/mod.ts";
import type { Logger } from "../log/logger.ts";
import type { Store } from "../store/mod.ts";
import { createSelfSigned } from "./self-signed.ts";

/** The certificate every TLS service names unless told otherwise. */
export const DEFAULT_CERTIFICATE = "default";

/** First start: make a self-signed certificate for the hostname so TLS services can start at once. */
export async function ensureDefaultCertificate(store: Store, hostname: string, log: Logger): Promise<void> {
  if (await store.certificates.get(DEFAULT_CERTIFICATE)) return;
  const names = [...new Set([hostname, "localhost"])];
  const { cert, key } = await createSelfSigned(names);
  await store.certificates.put(DEFAULT_CERTIFICATE, { cert, key });
  log.info(undefined, `created a self-signed certificate "${DEFAULT_CERTIFICATE}" for ${names.join(", ")}`);
}

export function certificateLookup(store: Store): (name: string) => Promise<TlsOptions | undefined> {
  return async (name) => {
    const c = await store.certificates.get(name);
    return c ? { cert: c.cert, key: c.key } : undefined;
  };
}
