/**
 * wrenmail's public API: build and run a whole mail server from a configuration.
 *
 * ```ts
 * import { createMailServer, loadConfig } from "wrenmail";
 * const server = createMailServer(await loadConfig("wrenmail.yaml"));
 * const { services, adminPassword } = await server.start();
 * // ... later
 * await server.stop();
 * ```
 * @module
 */

export { createMailServer } from "./src/server.ts";
export type { MailServer, MailServerOptions, StartResult } from "./src/server.ts";
export { ConfigError, dumpConfig, loadConfig, parseConfig, validateConfig } from "./src/config/mod.ts";
export type { AccessMode, Config, Protocol, ServiceName, ServiceSettings, TlsMode } from "./src/config/mod.ts";
export type { ServiceInfo, ServiceStatus } from "./src/services/types.ts";
export { getRuntime } from "./runtime/mod.ts";
export type { Conn, Listener, Runtime, TlsOptions } from "./runtime/mod.ts";
export { AddressInUse, AddressNotAvailable, ListenError, PermissionDenied } from "./runtime/mod.ts";
