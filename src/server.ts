import { getRuntime, type Runtime } from "../runtime/mod.ts";
import type { Config, ServiceName, ServiceSettings } from "./config/mod.ts";
import { applyServicePatch, formatIssue, parseServicePatch, SERVICE_NAMES } from "./config/mod.ts";
import { adminHttp } from "./http/admin/mod.ts";
import { createSmtpBackend } from "./mail/backend.ts";
import { createSmtpHandler } from "./protocols/smtp/server.ts";
import { createPop3Handler } from "./protocols/pop3/server.ts";
import { createPop3StoreBackend } from "./protocols/pop3/store-backend.ts";
import { createImapHandler } from "./protocols/imap/server.ts";
import { createLogger, type Logger } from "./log/logger.ts";
import { storeSink } from "./log/store-sink.ts";
import { ServiceManager } from "./services/manager.ts";
import type { Handlers, ServiceInfo } from "./services/types.ts";
import { openStore, stopPasswordWorkers, type Store } from "./store/mod.ts";
import { certificateLookup, ensureDefaultCertificate } from "./tls/certificates.ts";
import { loadCertificateFiles } from "./tls/files.ts";
import { randomPassword } from "./util/random.ts";

export interface MailServerOptions {
  /** Defaults to the runtime we are running on. */
  runtime?: Runtime;
  /** Where log lines go (default console.log). */
  write?: (line: string) => void;
  /** Protocol implementations; missing ones are served by placeholders. */
  handlers?: Partial<Handlers>;
  /** How long sessions may finish when a service stops (ms). */
  graceMs?: number;
  /** Accepted by the admin REST API as a Bearer token for the local CLI. */
  cliToken?: string;
}

export interface StartResult {
  services: ServiceInfo[];
  /** Set only on the very first start of a data directory: shown once, never stored in clear. */
  adminPassword?: string;
}

/** A whole wrenmail server: store, certificates, and every listening service. */
export interface MailServer {
  readonly config: Config;
  readonly log: Logger;
  /** Available once start() has resolved. */
  readonly store: Store;
  readonly services: ServiceManager;
  /** Open the store (creating and seeding it on first start), then start every autostart service. */
  start(): Promise<StartResult>;
  /** Stop every service and close the store. */
  stop(): Promise<void>;
}

export function createMailServer(config: Config, o: MailServerOptions = {}): MailServer {
  let store: Store | undefined;
  let services: ServiceManager | undefined;
  const sinkLog = createLogger({
    write: o.write,
    sink: storeSink(() => store),
  });

  return {
    config,
    log: sinkLog,
    get store() {
      if (!store) throw new Error("the server is not started");
      return store;
    },
    get services() {
      if (!services) throw new Error("the server is not started");
      return services;
    },
    async start() {
      const runtime = o.runtime ?? (await getRuntime());
      store = await openStore({ url: config.database, dataDir: config.dataDir });
      let adminPassword: string | undefined;
      if ((await store.admins.list()).length === 0) {
        adminPassword = randomPassword();
        await store.admins.setPassword("admin", adminPassword);
        sinkLog.info(undefined, "first start: created administrator admin");
      }
      await loadCertificateFiles(store, config.certificates, sinkLog);
      await ensureDefaultCertificate(store, config.hostname, sinkLog);
      const settings = await serviceSettings(store, config, sinkLog);
      const opened = store;
      const admin = adminHttp(() => ({ services: services!, store: opened, log: sinkLog, cliToken: o.cliToken }));
      services = new ServiceManager({
        runtime,
        hostname: config.hostname,
        log: sinkLog,
        certificates: certificateLookup(store),
        settings,
        handlers: {
          tcp: { smtp: createSmtpHandler({ backend: createSmtpBackend({ store, log: sinkLog, postmaster: config.smtp.postmaster || `postmaster@${config.hostname}` }), limits: config.smtp }), pop3: createPop3Handler({ backend: createPop3StoreBackend(store), limits: config.pop3 }), imap: createImapHandler({ store, limits: config.imap }), ...o.handlers?.tcp },
          http: { admin, ...o.handlers?.http },
        },
        graceMs: o.graceMs,
        // The admin API reads settings back from the store, and changes must survive a restart.
        persist: (name, s) => opened.services.set(name, s),
      });
      const list = await services.startAutostart();
      return { services: list, adminPassword };
    },
    async stop() {
      await services?.stopAll();
      // Idle hash workers end with the server; Deno crashed at exit while one was still compiling.
      await stopPasswordWorkers();
      await sinkLog.flush();
      await store?.close();
      store = undefined;
    },
  };
}

/**
 * The stored settings win once a data directory exists; the config file only seeds a fresh one.
 * A stored row that no longer validates (hand-edited, older version) falls back to the file's value.
 */
async function serviceSettings(store: Store, config: Config, log: Logger): Promise<Record<ServiceName, ServiceSettings>> {
  const out = {} as Record<ServiceName, ServiceSettings>;
  for (const name of SERVICE_NAMES) {
    const stored = await store.services.get(name);
    if (stored === null) {
      out[name] = config.services[name];
      await store.services.set(name, out[name]);
      continue;
    }
    const r = parseServicePatch(stored);
    if (r.ok) {
      out[name] = applyServicePatch(config.services[name], r.patch);
    } else {
      log.error(name, `stored settings are invalid, using the configuration file's: ${r.issues.map((i) => formatIssue(i)).join("; ")}`);
      out[name] = config.services[name];
    }
  }
  return out;
}
