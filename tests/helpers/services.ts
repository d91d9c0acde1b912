import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getRuntime } from "../../runtime/mod.ts";
import { defaultServices, type ServiceName } from "../../src/config/mod.ts";
import { createLogger } from "../../src/log/logger.ts";
import { ServiceManager } from "../../src/services/manager.ts";
import type { Handlers } from "../../src/services/types.ts";
import { testCert } from "./certs.ts";
import { freePorts } from "./ports.ts";

/** Some services of one protocol, run by a real ServiceManager on 127.0.0.1 with a test certificate. */
export interface TestServices {
  manager: ServiceManager;
  /** A temporary directory for the test's files; removed by stop(). */
  dir: string;
  /** The test certificate's PEM, for clients that verify it. */
  caFile: string;
  /** Every log line so far. */
  logs: string[];
  port(name: ServiceName): number;
  stop(): Promise<void>;
}

/** Starts `names` (each on a free loopback port) with `tcp` handlers; every one must be running. */
export async function startTestServices(o: { names: readonly ServiceName[]; hostname: string; tcp: Handlers["tcp"] }): Promise<TestServices> {
  const ports = await freePorts(o.names.length);
  const settings = defaultServices();
  o.names.forEach((n, i) => Object.assign(settings[n], { bind: "127.0.0.1", port: ports[i], autostart: false }));
  const cert = await testCert();
  const dir = mkdtempSync(join(tmpdir(), `wrenmail-${o.names[0]}-`));
  const caFile = join(dir, "ca.pem");
  writeFileSync(caFile, cert.cert);
  const logs: string[] = [];
  const manager = new ServiceManager({
    runtime: await getRuntime(),
    hostname: o.hostname,
    log: createLogger({ write: (l) => logs.push(l) }),
    certificates: async (name) => (name === "default" ? cert : undefined),
    settings,
    handlers: { tcp: o.tcp },
    graceMs: 1000,
  });
  for (const n of o.names) assert.equal((await manager.start(n)).status, "running", n);
  return {
    manager,
    dir,
    caFile,
    logs,
    port: (name) => manager.get(name).port,
    async stop() {
      await manager.stopAll();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
