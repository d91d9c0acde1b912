import type { Addr } from "../../../runtime/mod.ts";
import type { Logger } from "../../log/logger.ts";
import type { ServiceManager } from "../../services/manager.ts";
import type { Store } from "../../store/mod.ts";
import type { SessionStore } from "./sessions.ts";
import type { LoginThrottleOptions } from "./throttle.ts";

/** What the admin app needs from the server that hosts it. */
export interface AdminDeps {
  /** Start, stop, restart and set up the listening services. */
  services: Pick<ServiceManager, "list" | "get" | "start" | "stop" | "restart" | "setup">;
  /**
   * Administrators, certificates, the system log and each service's stored settings. The stored
   * settings are what the API reports as current, so the service manager must persist every
   * change there (its `persist` option). Domains, accounts, aliases and the queue are managed by
   * the console's directory and queue screens; `write` updates aliases in one transaction.
   */
  store: Pick<Store, "admins" | "certificates" | "log" | "services" | "domains" | "accounts" | "aliases" | "queue" | "write">;
  log: Logger;
  /** Accepted as a Bearer token with the actor name "cli" (the local `wrenmail` command). */
  cliToken?: string;
  /** Where login sessions live; default in memory (see sessions.ts). */
  sessions?: SessionStore;
  /** Failed-login throttling knobs (tests shorten them). */
  throttle?: LoginThrottleOptions;
  /**
   * Origins (`https://host:port`) trusted for cookie-authenticated changes besides the one the
   * request itself was sent to; needed behind a reverse proxy that rewrites Host.
   */
  allowedOrigins?: string[];
  /** Clock, for tests; default Date.now. */
  now?: () => number;
}

/** Who is calling: a logged-in administrator or the local CLI. */
export type Caller =
  | { kind: "session"; actor: string; tokenHash: string; viaCookie: boolean }
  | { kind: "cli"; actor: "cli" };

/** Hono environment of the admin app: the peer address comes in as a binding. */
export interface AdminEnv {
  Bindings: { remote?: Addr };
  Variables: { caller: Caller };
}
