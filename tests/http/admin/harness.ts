/**
 * An admin app in process: a real store in a temp dir, a real ServiceManager whose services sit on
 * free ports on 127.0.0.1, requests through `app.request()` with a chosen peer address.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getRuntime } from "../../../runtime/mod.ts";
import { defaultServices, SERVICE_NAMES, type ServiceName, type ServiceSettings } from "../../../src/config/mod.ts";
import { createAdminApp, type AdminDeps } from "../../../src/http/admin/mod.ts";
import { createLogger, type Logger } from "../../../src/log/logger.ts";
import { ServiceManager } from "../../../src/services/manager.ts";
import { openStore, type Store } from "../../../src/store/mod.ts";
import { testCert } from "../../helpers/certs.ts";
import { freePorts } from "../../helpers/ports.ts";

export const PASSWORD = "correct horse battery staple";
export const CLI_TOKEN = "cli-token-for-tests-0123456789abcdef";

export interface Res {
  status: number;
  headers: Headers;
  body: any;
}

export interface Harness {
  store: Store;
  services: ServiceManager;
  log: Logger;
  app: ReturnType<typeof createAdminApp>;
  /** Lines the logger wrote (formatted). */
  lines: string[];
  /** One API call; `token` (default: the harness's own session) goes in as Bearer unless null. */
  call(method: string, path: string, o?: { body?: unknown; token?: string | null; headers?: Record<string, string>; ip?: string; raw?: string }): Promise<Res>;
  login(name?: string, password?: string, ip?: string): Promise<Res>;
  token: string;
  settings(name: ServiceName): Promise<ServiceSettings>;
  close(): Promise<void>;
}

/** Starts a harness; `start` lists services to start now (admin itself is served by app.request). */
export async function harness(o: { start?: ServiceName[]; deps?: Partial<AdminDeps> } = {}): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), "wrenmail-admin-"));
  const store = await openStore({ url: `file:${join(dir, "wrenmail.db")}`, dataDir: dir });
  const cert = await testCert();
  await store.certificates.put("default", cert);
  const ports = await freePorts(SERVICE_NAMES.length);
  const settings = defaultServices();
  SERVICE_NAMES.forEach((n, i) => {
    settings[n] = { ...settings[n], bind: "127.0.0.1", port: ports[i]! };
  });
  for (const n of SERVICE_NAMES) await store.services.set(n, settings[n]);
  await store.admins.setPassword("admin", PASSWORD);
  const lines: string[] = [];
  const log = createLogger({
    write: (l) => lines.push(l),
    sink: (e) => store.log.append({ level: e.level, service: e.service, message: e.message, fields: e.fields, time: e.time }),
  });
  const services = new ServiceManager({
    runtime: await getRuntime(),
    hostname: "localhost",
    log,
    certificates: async (name) => {
      const c = await store.certificates.get(name);
      return c ? { cert: c.cert, key: c.key } : undefined;
    },
    settings,
    graceMs: 200,
    persist: (name, s) => store.services.set(name, s),
  });
  for (const n of o.start ?? []) await services.start(n);
  const app = createAdminApp({ services, store, log, cliToken: CLI_TOKEN, ...o.deps });

  const h: Harness = {
    store,
    services,
    log,
    app,
    lines,
    token: "",
    async call(method, path, c = {}) {
      const headers: Record<string, string> = { ...c.headers };
      const token = c.token === undefined ? h.token : c.token;
      if (token) headers.authorization = `Bearer ${token}`;
      let body: string | undefined = c.raw;
      if (c.body !== undefined) {
        body = JSON.stringify(c.body);
        headers["content-type"] = "application/json";
      }
      const res = await app.request(`http://localhost${path}`, { method, headers, body }, { remote: { address: c.ip ?? "127.0.0.1", port: 40000 } });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // Not JSON: keep the text.
      }
      return { status: res.status, headers: res.headers, body: parsed };
    },
    login(name = "admin", password = PASSWORD, ip = "127.0.0.1") {
      return h.call("POST", "/api/login", { body: { name, password }, token: null, ip });
    },
    async settings(name) {
      return (await store.services.get(name)) as ServiceSettings;
    },
    async close() {
      await services.stopAll();
      await log.flush();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  const r = await h.login();
  if (r.status !== 200) throw new Error(`harness login failed: ${r.status} ${JSON.stringify(r.body)}`);
  h.token = r.body.token;
  return h;
}
