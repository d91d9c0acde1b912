import type { Conn, HttpHandler, TlsOptions } from "../../runtime/mod.ts";
import type { Protocol, ServiceName, ServiceSettings } from "../config/mod.ts";
import type { Logger } from "../log/logger.ts";

export type ServiceStatus = "running" | "stopped" | "failed" | "starting";

/** What a protocol session is handed along with its connection. */
export interface ServiceContext {
  name: ServiceName;
  protocol: Protocol;
  settings: ServiceSettings;
  hostname: string;
  /** The service's certificate, for STARTTLS; present whenever `settings.tls` is not "none". */
  tls?: TlsOptions;
  log: Logger;
  /** Aborted when the service stops: sessions say goodbye and end. */
  signal: AbortSignal;
}

/** Runs one session to its end; must not throw for anything a peer can cause. */
export type ConnectionHandler = (conn: Conn, ctx: ServiceContext) => Promise<void>;

/** Builds the fetch handler of an HTTP service. */
export type HttpAppFactory = (ctx: ServiceContext) => HttpHandler;

export interface Handlers {
  /** Stream protocols by protocol name; a missing one gets the placeholder. */
  tcp: Partial<Record<Protocol, ConnectionHandler>>;
  /** HTTP services by service name (admin, http, https); a missing one gets the placeholder. */
  http: Partial<Record<ServiceName, HttpAppFactory>>;
}

/** One row of the services list. */
export interface ServiceInfo {
  name: ServiceName;
  protocol: Protocol;
  status: ServiceStatus;
  bind: string;
  port: number;
  tls: ServiceSettings["tls"];
  certificate: string;
  connections: number;
  accepted: number;
  refused: number;
  /** Why the last start failed, when status is "failed". */
  error?: string;
}
