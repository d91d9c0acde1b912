import type { Protocol } from "../config/mod.ts";
import { disconnectNotice, LDAP_BUSY, LDAP_UNAVAILABLE } from "../protocols/ldap/disconnect-notice.ts";

/** Why a connection is being turned away before (or instead of) its protocol session. */
export type FarewellReason = "unavailable" | "refused" | "busy" | "timeout" | "shutdown";

const encoder = new TextEncoder();

/**
 * The short, protocol-appropriate last words sent before closing: what a standard client shows
 * its user instead of a bare "connection reset". HTTP is answered by the HTTP layer, not here.
 */
export function farewell(protocol: Protocol, hostname: string, reason: FarewellReason, text: string): Uint8Array {
  switch (protocol) {
    case "smtp": {
      const code = reason === "refused" ? "421 4.7.0" : reason === "timeout" ? "421 4.4.2" : "421 4.3.2";
      return encoder.encode(`${code} ${hostname} ${text}\r\n`);
    }
    case "ftp":
      return encoder.encode(`421 ${text}\r\n`);
    case "pop3": {
      const code = reason === "busy" || reason === "unavailable" ? "[SYS/TEMP] " : reason === "refused" ? "[SYS/PERM] " : "";
      return encoder.encode(`-ERR ${code}${text}\r\n`);
    }
    case "imap": {
      const code = reason === "unavailable" || reason === "busy" ? "[UNAVAILABLE] " : "";
      return encoder.encode(`* BYE ${code}${text}\r\n`);
    }
    case "ldap":
      return disconnectNotice(reason === "busy" ? LDAP_BUSY : LDAP_UNAVAILABLE, text);
    case "http":
      return encoder.encode(`HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: ${encoder.encode(text).length + 2}\r\nConnection: close\r\n\r\n${text}\r\n`);
  }
}
