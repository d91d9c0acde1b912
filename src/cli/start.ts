import { createMailServer } from "../server.ts";
import { hostPort } from "../services/manager.ts";
import { mkdir } from "node:fs/promises";
import { resolveConfig, type CommonOptions, type Io } from "./context.ts";
import { removeCliToken, writeCliToken } from "./token.ts";

/**
 * `wrenmail start`: runs in the foreground until SIGINT/SIGTERM, then stops every service and exits 0.
 * Resolves with the exit code.
 */
export async function startCommand(o: CommonOptions, io: Io, signals: (onStop: () => void) => void): Promise<number> {
  const config = await resolveConfig(o);
  // While starting, the per-service lines below say what the log's own info lines would repeat.
  let starting = true;
  await mkdir(config.dataDir, { recursive: true });
  const cliToken = await writeCliToken(config.dataDir);
  const server = createMailServer(config, { cliToken, write: (line) => (starting && / INFO /.test(line) ? undefined : io.out(line)) });
  let stopping: Promise<void> | undefined;
  const stopped = new Promise<void>((resolve) => {
    signals(() => {
      stopping ??= (async () => {
        io.out("stopping all services");
        await server.stop();
        await removeCliToken(config.dataDir);
        io.out("stopped");
      })();
      stopping.then(resolve);
    });
  });
  const { services, adminPassword } = await server.start().catch(async (err) => {
    await removeCliToken(config.dataDir);
    throw err;
  });
  starting = false;
  io.out(`wrenmail ${config.hostname}: data in ${config.dataDir}, database ${config.database}`);
  for (const s of services) {
    const where = hostPort(s.bind, s.port);
    io.out(s.status === "running" ? `${s.name} listening on ${where} (${s.tls})` : `${s.name} failed on ${where}: ${s.error}`);
  }
  if (adminPassword) {
    const admin = services.find((s) => s.name === "admin");
    io.out("");
    io.out(`First start: administrator "admin", password ${adminPassword}`);
    io.out("This password is shown once. Change it with: wrenmail admin passwd admin --password-stdin");
    if (admin) io.out(`Admin console: https://${admin.bind === "0.0.0.0" || admin.bind === "::" ? "localhost" : admin.bind}:${admin.port}/`);
    io.out("");
  }
  await stopped;
  return 0;
}
