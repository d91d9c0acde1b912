/** Small pieces every adapter shares. */
import type { Addr } from "../runtime/types.ts";

/**
 * One spelling for addresses on every runtime: IPv4 clients reaching a dual-stack `::`
 * listener show up as `::ffff:1.2.3.4` on some runtimes and `1.2.3.4` on others; access lists
 * and logs want the plain IPv4 form. IPv6 is given without brackets.
 */
export function addr(address: string | undefined, port: number | undefined): Addr {
  let a = address ?? "";
  if (a.startsWith("[") && a.endsWith("]")) a = a.slice(1, -1);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  return { address: mapped ? mapped[1] : a, port: port ?? 0 };
}

/** Error for use of a connection after close or upgrade. */
export function closedError(what = "connection closed"): Error {
  return Object.assign(new Error(what), { code: "ECONNCLOSED" });
}

/** How long a TLS handshake (implicit or STARTTLS) may take before the connection is dropped. */
export const HANDSHAKE_TIMEOUT_MS = 30_000;
