#!/usr/bin/env node
/**
 * The `wrenmail` command. Runs the same on Node (through tsx), Deno, Bun and as the compiled binary.
 */
import { parseArgs } from "node:util";
import { ConfigError } from "../config/mod.ts";
import { StoreError } from "../store/mod.ts";
import { UsageError, withStore, type Io } from "./context.ts";
import { adminCommand, aliasCommand, domainCommand, userCommand, type DirectoryArgs } from "./directory.ts";
import { AdminUnreachable } from "./admin-client.ts";
import { logCommand, RemoteError, serviceCommand, servicesCommand } from "./services.ts";
import { startCommand } from "./start.ts";

export const USAGE = `wrenmail — self-hosted mail server

usage:
  wrenmail start [--config FILE] [--data DIR] [--port-offset N]
  wrenmail domain add NAME | list | remove NAME [--force]
  wrenmail user add ADDRESS --password-stdin [--quota SIZE] | list [DOMAIN] | remove ADDRESS
  wrenmail user passwd ADDRESS --password-stdin
  wrenmail alias add SOURCE DEST [DEST ...] | list [DOMAIN] | remove SOURCE
  wrenmail admin passwd [NAME] --password-stdin
  wrenmail services
  wrenmail service start|stop|restart NAME
  wrenmail service set NAME key=value ... [--restart]      e.g. port=2525 limits.perIpPerMinute=30
  wrenmail service allow|deny NAME IP|CIDR ... [--remove]  (sets the access mode)
  wrenmail service unlimited NAME IP|CIDR ... [--remove]
  wrenmail log [--service NAME] [--level debug|info|warn|error] [--limit N]
(services, service and log talk to the running server of the same data directory)
every command takes --config FILE (default ./wrenmail.yaml when present) and --data DIR`;

const directory: Record<string, (store: Parameters<typeof domainCommand>[0], io: Io, a: DirectoryArgs) => Promise<void>> = {
  domain: domainCommand,
  user: userCommand,
  alias: aliasCommand,
  admin: adminCommand,
};

/** Runs one command line; resolves with the process exit code. */
export async function run(argv: string[], io: Io, signals: (onStop: () => void) => void): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        config: { type: "string" },
        data: { type: "string" },
        "port-offset": { type: "string" },
        "password-stdin": { type: "boolean", default: false },
        quota: { type: "string" },
        force: { type: "boolean", default: false },
        restart: { type: "boolean", default: false },
        remove: { type: "boolean", default: false },
        service: { type: "string" },
        level: { type: "string" },
        limit: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
    const [command, ...rest] = positionals;
    if (values.help || command === "help" || command === undefined) {
      io.out(USAGE);
      return command === undefined && !values.help ? 2 : 0;
    }
    if (command === "start") {
      if (rest.length) throw new UsageError(`start takes no arguments, got "${rest.join(" ")}"`);
      return await startCommand(values, io, signals);
    }
    if (values["port-offset"] !== undefined) throw new UsageError("--port-offset applies to start only");
    const remote = ({ services: servicesCommand, service: serviceCommand, log: logCommand } as const)[command as "log"];
    if (remote) {
      await remote(values, io, rest);
      return 0;
    }
    const sub = directory[command];
    if (!sub) throw new UsageError(`unknown command "${command}"`);
    await withStore(values, (store) =>
      sub(store, io, { positionals: rest, passwordStdin: values["password-stdin"] ?? false, quota: values.quota, force: values.force ?? false })
    );
    return 0;
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      io.err(`wrenmail: ${(err as Error).message}`);
      io.err("run `wrenmail help` for usage");
      return 2;
    }
    if (err instanceof RemoteError) return 1;
    if (err instanceof ConfigError || err instanceof StoreError || err instanceof AdminUnreachable) {
      io.err(`wrenmail: ${err.message}`);
      return 1;
    }
    // A file-system refusal (EACCES on the data directory, …) is the operator's to fix: say it plainly.
    const code = (err as { code?: unknown })?.code;
    if (typeof code === "string" && /^E[A-Z]+$/.test(code)) {
      io.err(`wrenmail: ${(err as Error).message}`);
      return 1;
    }
    io.err(`wrenmail: ${(err as Error)?.stack ?? String(err)}`);
    return 1;
  }
}

async function readStdin(): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const c of process.stdin) chunks.push(typeof c === "string" ? new TextEncoder().encode(c) : c);
  return new TextDecoder().decode(Buffer.concat(chunks));
}

function isMain(): boolean {
  const meta = import.meta as ImportMeta & { main?: boolean };
  // Deno and Bun set import.meta.main; under Node (tsx) compare with argv[1].
  if (typeof meta.main === "boolean") return meta.main;
  const entry = process.argv[1] ?? "";
  return entry.endsWith("src/cli/main.ts") || entry.endsWith("/wrenmail") || entry.endsWith("\\wrenmail");
}

if (isMain()) {
  const io: Io = { out: (l) => console.log(l), err: (l) => console.error(l), stdin: readStdin };
  const code = await run(process.argv.slice(2), io, (onStop) => {
    process.once("SIGINT", onStop);
    process.once("SIGTERM", onStop);
  });
  process.exit(code);
}
