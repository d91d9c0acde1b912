/**
 * Default settings of the fourteen services (DESIGN.md's table) and of the whole file.
 *
 * Per-protocol numbers follow what the protocol standards and common servers use:
 *
 * - `timeout` (idle seconds): SMTP 300 — RFC 5321 §4.5.3.2.7 gives the server 5 minutes;
 *   POP3 600 — RFC 1939 §3 requires an autologout timer of at least 10 minutes; IMAP 1800 —
 *   RFC 9051 §5.4 requires at least 30 minutes (and IDLE clients re-issue within 29, RFC 2177);
 *   HTTP 60 — a keep-alive / slow-request idle limit in the range nginx and Apache use; FTP 300 —
 *   vsftpd's `idle_session_timeout`; LDAP 300 — address-book clients search and leave.
 * - `maxClients`: sized for a small organisation — IMAP and webmail 500 because every mail client
 *   keeps several long-lived IMAP connections (IDLE per folder) and browsers open several HTTP
 *   connections; SMTP/POP3/LDAP 100 (Postfix's default process limit); FTP 50 (pure-ftpd's
 *   default); admin 50.
 * - `limits.maxConcurrent` is 90 % of `maxClients`, so when a service is flooded the last slots
 *   stay free for addresses in `limits.unlimited` — which by default is loopback, so local
 *   monitoring and the webmail's own IMAP/SMTP connections still get in.
 * - `limits.perIpPerMinute`: generous for real clients, low enough to slow scanning and password
 *   guessing: 60 for inbound SMTP and IMAP, 30 for submission and POP3 (clients poll), 120 for
 *   LDAP (some clients connect per lookup), 600 for webmail HTTP (counted per request, and a page
 *   load makes many), 300 for admin.
 * - Every service binds `0.0.0.0`: `::` would also take IPv4 only where the host is dual-stack
 *   (`net.ipv6.bindv6only=0`, IPv6 enabled), which is not true everywhere; `0.0.0.0` behaves the
 *   same on every host. Set `bind: "::"` for IPv6.
 *
 * @module
 */
import type { Protocol, ServiceName, ServiceSettings, TlsMode } from "./service.ts";
import { SERVICE_NAMES, SERVICE_PROTOCOLS } from "./service.ts";

/** Default `hostname`: the machine's name is not knowable here without runtime calls. */
export const DEFAULT_HOSTNAME = "localhost";
/** Default `dataDir`. */
export const DEFAULT_DATA_DIR = "./data";
/** Default `portOffset`. */
export const DEFAULT_PORT_OFFSET = 0;

/** The default `database` URL for a data directory: `file:<dataDir>/wrenmail.db`. */
export function defaultDatabase(dataDir: string): string {
  const dir = dataDir.length > 1 ? dataDir.replace(/\/+$/, "") : dataDir;
  return `file:${dir}${dir.endsWith("/") ? "" : "/"}wrenmail.db`;
}

/** Per-protocol defaults for the settings the DESIGN table does not fix. */
const PROTOCOL_DEFAULTS: Record<Protocol, { maxClients: number; timeout: number; perIpPerMinute: number }> = {
  smtp: { maxClients: 100, timeout: 300, perIpPerMinute: 60 },
  pop3: { maxClients: 100, timeout: 600, perIpPerMinute: 30 },
  imap: { maxClients: 500, timeout: 1800, perIpPerMinute: 60 },
  http: { maxClients: 500, timeout: 60, perIpPerMinute: 600 },
  ftp: { maxClients: 50, timeout: 300, perIpPerMinute: 60 },
  ldap: { maxClients: 100, timeout: 300, perIpPerMinute: 120 },
};

/** Per-service departures from the protocol defaults, plus each service's port and TLS mode. */
const TABLE: Record<ServiceName, { port: number; tls: TlsMode; maxClients?: number; perIpPerMinute?: number }> = {
  admin: { port: 6000, tls: "implicit", maxClients: 50, perIpPerMinute: 300 },
  smtp: { port: 25, tls: "starttls" },
  // Authenticated clients submit a few messages each; a lower rate slows password guessing.
  submission: { port: 587, tls: "starttls", perIpPerMinute: 30 },
  smtps: { port: 465, tls: "implicit", perIpPerMinute: 30 },
  pop3: { port: 110, tls: "starttls" },
  pop3s: { port: 995, tls: "implicit" },
  imap: { port: 143, tls: "starttls" },
  imaps: { port: 993, tls: "implicit" },
  http: { port: 6080, tls: "none" },
  https: { port: 6443, tls: "implicit" },
  ftp: { port: 21, tls: "starttls" },
  ftps: { port: 990, tls: "implicit" },
  ldap: { port: 389, tls: "starttls" },
  ldaps: { port: 636, tls: "implicit" },
};

/** Addresses exempt from `limits` by default: loopback only. */
export const DEFAULT_UNLIMITED: readonly string[] = ["127.0.0.1", "::1"];

/** A fresh copy of one service's default settings (callers may mutate it). */
export function defaultService(name: ServiceName): ServiceSettings {
  const row = TABLE[name];
  const proto = PROTOCOL_DEFAULTS[SERVICE_PROTOCOLS[name]];
  const maxClients = row.maxClients ?? proto.maxClients;
  return {
    bind: "0.0.0.0",
    port: row.port,
    maxClients,
    timeout: proto.timeout,
    autostart: true,
    tls: row.tls,
    certificate: "default",
    access: { mode: "uncontrolled", ips: [] },
    limits: {
      maxConcurrent: Math.floor(maxClients * 0.9),
      perIpPerMinute: row.perIpPerMinute ?? proto.perIpPerMinute,
      unlimited: [...DEFAULT_UNLIMITED],
    },
  };
}

/** A fresh copy of all fourteen services' default settings, keyed by name in table order. */
export function defaultServices(): Record<ServiceName, ServiceSettings> {
  return Object.fromEntries(SERVICE_NAMES.map((n) => [n, defaultService(n)])) as Record<ServiceName, ServiceSettings>;
}

/** The default settings of all fourteen services (frozen; use {@link defaultServices} for a copy). */
export const DEFAULT_SERVICES: Readonly<Record<ServiceName, Readonly<ServiceSettings>>> = deepFreeze(defaultServices());

function deepFreeze<T>(o: T): T {
  if (o && typeof o === "object") {
    for (const x of Object.values(o)) deepFreeze(x);
    Object.freeze(o);
  }
  return o;
}
