import type { Conn, HttpServer, Listener, Runtime, TlsOptions } from "../../runtime/mod.ts";
import { ListenError } from "../../runtime/mod.ts";
import type { ConfigIssue, ServiceName, ServiceSettings } from "../config/mod.ts";
import { applyServicePatch, isServiceName, parseServicePatch, portConflicts, SERVICE_NAMES, SERVICE_PROTOCOLS } from "../config/mod.ts";
import { Gate, type RefusalReason } from "../guard/mod.ts";
import type { Logger } from "../log/logger.ts";
import { farewell } from "./farewell.ts";
import { guardConn } from "./guarded-conn.ts";
import { placeholderHttp, placeholderSession } from "./placeholder.ts";
import { RESTART_WARNING } from "./warnings.ts";
import type { Handlers, ServiceContext, ServiceInfo, ServiceStatus } from "./types.ts";

/** Looks up a certificate by name in the certificate store. */
export type CertificateLookup = (name: string) => Promise<TlsOptions | undefined>;

export interface ServiceManagerOptions {
  runtime: Runtime;
  hostname: string;
  log: Logger;
  certificates: CertificateLookup;
  settings: Record<ServiceName, ServiceSettings>;
  handlers?: Partial<Handlers>;
  /** How long open sessions may finish after their service stops (default 5000 ms). */
  graceMs?: number;
  /** Stores changed settings (the database); called before they take effect. */
  persist?: (name: ServiceName, settings: ServiceSettings) => Promise<void>;
}

/** An operation the rules forbid (the admin service cannot be stopped): HTTP 409. */
export class ServiceRuleError extends Error {
  override name = "ServiceRuleError";
}

/** A service name that does not exist: HTTP 404. */
export class UnknownServiceError extends Error {
  override name = "UnknownServiceError";
}

/** Settings that do not validate; one issue per field, paths relative to the service. Nothing changed. */
export class SetupError extends Error {
  override name = "SetupError";
  readonly issues: ConfigIssue[];
  constructor(issues: ConfigIssue[]) {
    super(issues.map((i) => `${i.path}: ${i.message}`).join("\n"));
    this.issues = issues;
  }
}

export interface SetupResult {
  service: ServiceInfo;
  /** Things the admin should know: a moved SMTP port, changes waiting for a restart. */
  warnings: string[];
  restarted: boolean;
}

/** Settings that only a new listener can apply. */
const LISTENER_KEYS = ["bind", "port", "tls", "certificate"] as const;

interface Running {
  listener?: Listener;
  http?: HttpServer;
  abort: AbortController;
  conns: Set<Conn>;
  acceptLoop?: Promise<void>;
  sessions: Set<Promise<void>>;
}

interface Service {
  name: ServiceName;
  settings: ServiceSettings;
  status: ServiceStatus;
  error?: string;
  accepted: number;
  refused: number;
  /** Lives as long as the manager, so live counts survive restarts and settings changes. */
  gate: Gate;
  running?: Running;
  /** Serialises start/stop so two admins clicking at once cannot interleave them. */
  op: Promise<unknown>;
}

/** The listening services: each one's lifecycle, apart from every other's. */
export class ServiceManager {
  #o: ServiceManagerOptions;
  #services = new Map<ServiceName, Service>();
  #handlers: Handlers;

  constructor(o: ServiceManagerOptions) {
    this.#o = o;
    this.#handlers = { tcp: { ...o.handlers?.tcp }, http: { ...o.handlers?.http } };
    for (const name of SERVICE_NAMES) {
      const settings = o.settings[name];
      this.#services.set(name, { name, settings, status: "stopped", accepted: 0, refused: 0, gate: new Gate(settings), op: Promise.resolve() });
    }
  }

  list(): ServiceInfo[] {
    return [...this.#services.keys()].map((n) => this.get(n));
  }

  get(name: ServiceName): ServiceInfo {
    const s = this.#service(name);
    const st = s.settings;
    return {
      name: s.name,
      protocol: SERVICE_PROTOCOLS[s.name],
      status: s.status,
      bind: st.bind,
      port: st.port,
      tls: st.tls,
      certificate: st.certificate,
      connections: s.running?.conns.size ?? 0,
      accepted: s.accepted,
      refused: s.refused,
      ...(s.error ? { error: s.error } : {}),
    };
  }

  /** Start every service marked autostart, in parallel; failures leave that one `failed`. */
  async startAutostart(): Promise<ServiceInfo[]> {
    const names = [...this.#services.values()].filter((s) => s.settings.autostart).map((s) => s.name);
    return Promise.all(names.map((n) => this.start(n)));
  }

  /** Start one service. Never throws for a listen failure: the service is left `failed` with the cause. */
  start(name: ServiceName): Promise<ServiceInfo> {
    return this.#serial(name, () => this.#start(this.#service(name)));
  }

  /** Stop one service; the admin service refuses (ServiceRuleError). */
  stop(name: ServiceName): Promise<ServiceInfo> {
    const s = this.#service(name);
    if (name === "admin") {
      return Promise.reject(new ServiceRuleError("the admin service cannot be stopped: it serves the admin console and REST API (restart it instead)"));
    }
    return this.#serial(name, () => this.#stop(s));
  }

  /**
   * Change settings (any subset, validated by the same schema as the config file). Access lists and
   * limits apply to the next connection at once; bind, port, TLS and certificate need a restart,
   * done now when `restart` is set. Throws SetupError (nothing changed) on invalid input.
   */
  async setup(name: ServiceName, patch: unknown, o: { restart?: boolean; actor?: string } = {}): Promise<SetupResult> {
    const s = this.#service(name);
    const parsed = parseServicePatch(patch);
    if (!parsed.ok) throw new SetupError(parsed.issues);
    const next = applyServicePatch(s.settings, parsed.patch);
    const all = Object.fromEntries([...this.#services.values()].map((x) => [x.name, x.name === name ? next : x.settings])) as Record<ServiceName, ServiceSettings>;
    const clash = portConflicts(all, new Set([name])).filter((i) => i.path === `services.${name}.port`);
    if (clash.length) throw new SetupError(clash.map((i) => ({ ...i, path: "port" })));
    if (next.tls !== "none" && (next.certificate !== s.settings.certificate || s.settings.tls === "none") && !(await this.#o.certificates(next.certificate))) {
      throw new SetupError([{ path: "certificate", message: `no certificate named "${next.certificate}" in the certificate store (tls ${next.tls} needs one)` }]);
    }
    const prev = s.settings;
    const changed = (Object.keys(next) as (keyof ServiceSettings)[]).filter((k) => JSON.stringify(next[k]) !== JSON.stringify(prev[k]));
    const warnings: string[] = [];
    if (name === "smtp" && next.port !== prev.port) {
      warnings.push(`other mail servers deliver to port 25 only; with smtp on port ${next.port} they will not find this server`);
    }
    if (changed.length === 0) return { service: this.get(name), warnings, restarted: false };
    await this.#o.persist?.(name, next);
    s.gate.update(next);
    s.settings = next;
    this.#o.log.info(name, `settings changed by ${o.actor ?? "unknown"}: ${changed.join(", ")}`, { actor: o.actor, changed });
    const needsRestart = s.status === "running" && changed.some((k) => (LISTENER_KEYS as readonly string[]).includes(k));
    if (needsRestart && !o.restart) warnings.push(`${RESTART_WARNING}: ${changed.filter((k) => (LISTENER_KEYS as readonly string[]).includes(k)).join(", ")}`);
    let restarted = false;
    if (o.restart && s.status !== "stopped") {
      await this.restart(name);
      restarted = true;
    }
    return { service: this.get(name), warnings, restarted };
  }

  restart(name: ServiceName): Promise<ServiceInfo> {
    return this.#serial(name, async () => {
      const s = this.#service(name);
      await this.#stop(s);
      return this.#start(s);
    });
  }

  /** Stop everything (server shutdown). */
  async stopAll(): Promise<void> {
    await Promise.all([...this.#services.values()].map((s) => this.#serial(s.name, () => this.#stop(s))));
  }

  #service(name: string): Service {
    const s = isServiceName(name) ? this.#services.get(name) : undefined;
    if (!s) throw new UnknownServiceError(`unknown service "${name}"; the services are ${SERVICE_NAMES.join(", ")}`);
    return s;
  }

  #serial(name: ServiceName, fn: () => Promise<void>): Promise<ServiceInfo> {
    const s = this.#service(name);
    const next = s.op.then(fn, fn);
    s.op = next.catch(() => {});
    return next.then(() => this.get(name));
  }

  async #start(s: Service): Promise<void> {
    if (s.status === "running") return;
    const { log, runtime } = this.#o;
    const st = s.settings;
    s.status = "starting";
    s.error = undefined;
    s.accepted = 0;
    s.refused = 0;
    try {
      let tls: TlsOptions | undefined;
      if (st.tls !== "none") {
        tls = await this.#o.certificates(st.certificate);
        if (!tls) throw new Error(`certificate "${st.certificate}" not found in the certificate store`);
      }
      const abort = new AbortController();
      const ctx: ServiceContext = {
        name: s.name,
        protocol: SERVICE_PROTOCOLS[s.name],
        // Live: a changed timeout or limit reaches the next connection without a restart.
        get settings() {
          return s.settings;
        },
        hostname: this.#o.hostname,
        tls,
        log,
        signal: abort.signal,
      };
      const implicit = st.tls === "implicit" ? tls : undefined;
      const running: Running = { abort, conns: new Set(), sessions: new Set() };
      if (SERVICE_PROTOCOLS[s.name] === "http") {
        const app = (this.#handlers.http[s.name] ?? placeholderHttp)(ctx);
        running.http = await runtime.serveHttp({ hostname: st.bind, port: st.port, tls: implicit }, async (req, info) => {
          // HTTP runtimes do not all expose connections, so the gate counts requests in flight.
          const a = s.gate.admit(info.remote.address);
          if (!a.ok) {
            this.#refused(s, a.peer, a.reason);
            return new Response(a.message + "\n", { status: a.reason === "access" ? 403 : 503, headers: { "content-type": "text/plain", connection: "close" } });
          }
          s.accepted++;
          try {
            return await app(req, info);
          } finally {
            a.ticket.release();
          }
        });
      } else {
        running.listener = await runtime.listen({ hostname: st.bind, port: st.port, tls: implicit });
        running.acceptLoop = this.#acceptLoop(s, running, ctx);
      }
      s.running = running;
      s.status = "running";
      log.info(s.name, `listening on ${hostPort(st.bind, st.port)} (${st.tls})`);
    } catch (err) {
      s.status = "failed";
      s.error = err instanceof ListenError ? err.message : err instanceof Error ? err.message : String(err);
      log.error(s.name, `failed to start on ${hostPort(st.bind, st.port)}: ${s.error}`);
    }
  }

  async #acceptLoop(s: Service, r: Running, ctx: ServiceContext): Promise<void> {
    const handler = this.#handlers.tcp[ctx.protocol] ?? placeholderSession;
    try {
      for await (const raw of r.listener!.accept()) {
        const a = s.gate.admit(raw.remote.address);
        if (!a.ok) {
          this.#refused(s, a.peer, a.reason);
          void sendAndClose(raw, farewell(ctx.protocol, ctx.hostname, a.reason === "access" ? "refused" : "busy", a.message));
          continue;
        }
        s.accepted++;
        const conn = guardConn(raw, {
          idleMs: ctx.settings.timeout * 1000,
          onIdle: () => farewell(ctx.protocol, ctx.hostname, "timeout", "idle timeout, closing connection"),
          onTimeout: () => ctx.log.info(s.name, `closed idle connection from ${a.peer} after ${ctx.settings.timeout} s`),
        });
        r.conns.add(conn);
        const session = handler(conn, ctx)
          .catch((err) => ctx.log.error(s.name, `session from ${conn.remote.address} ended with an error: ${String(err)}`))
          .finally(() => {
            conn.close();
            a.ticket.release();
            r.conns.delete(conn);
            r.sessions.delete(session);
          });
        r.sessions.add(session);
      }
    } catch (err) {
      if (!r.abort.signal.aborted) ctx.log.error(s.name, `accept failed: ${String(err)}`);
    }
  }

  #refused(s: Service, peer: string, reason: RefusalReason): void {
    s.refused++;
    this.#o.log.warn(s.name, `refused connection from ${peer}: ${REASON_TEXT[reason]}`, { peer, reason });
  }

  async #stop(s: Service): Promise<void> {
    const r = s.running;
    if (!r) {
      if (s.status !== "failed") s.status = "stopped";
      return;
    }
    r.abort.abort();
    await Promise.all([r.listener?.close(), r.http?.close()]);
    await r.acceptLoop;
    // Give open sessions the grace period to say goodbye; then cut what is left.
    const grace = this.#o.graceMs ?? 5000;
    if (r.sessions.size) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([Promise.all(r.sessions), new Promise((res) => (timer = setTimeout(res, grace)))]);
      clearTimeout(timer);
      for (const c of r.conns) c.close();
      await Promise.all(r.sessions);
    }
    s.running = undefined;
    s.status = "stopped";
    this.#o.log.info(s.name, "stopped");
  }
}

const REASON_TEXT: Record<RefusalReason, string> = {
  access: "not allowed by the access list",
  rate: "over the per-IP connections per minute limit",
  concurrency: "over the concurrent connections limit",
  "max-clients": "over the max clients limit",
};

/** A refusal must not hold up the accept loop, even for a peer that never reads. */
async function sendAndClose(conn: Conn, bytes: Uint8Array): Promise<void> {
  const w = conn.writable.getWriter();
  const timer = setTimeout(() => conn.close(), 2000);
  try {
    await w.write(bytes);
    await w.close();
  } catch {
    // Gone already.
  } finally {
    clearTimeout(timer);
    conn.close();
  }
}

export function hostPort(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}
