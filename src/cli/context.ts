import { loadConfig, type Config } from "../config/mod.ts";
import { openStore, type Store } from "../store/mod.ts";

/** A usage mistake: the CLI prints it with the usage hint and exits 2. */
export class UsageError extends Error {}

/** Options every subcommand takes. */
export interface CommonOptions {
  config?: string;
  data?: string;
  "port-offset"?: string;
}

export const commonOptions = {
  config: { type: "string" },
  data: { type: "string" },
} as const;

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Whole standard input, for --password-stdin. */
  stdin: () => Promise<string>;
}

/**
 * `--config FILE` wins; otherwise ./wrenmail.yaml when it exists; otherwise the built-in defaults.
 * `--data DIR` overrides the file's dataDir (and the database path that follows from it).
 */
export async function resolveConfig(o: CommonOptions): Promise<Config> {
  let portOffset: number | undefined;
  if (o["port-offset"] !== undefined) {
    portOffset = Number(o["port-offset"]);
    if (!/^\d+$/.test(o["port-offset"]) || portOffset > 65534) {
      throw new UsageError(`--port-offset: expected a whole number 0-65534, got "${o["port-offset"]}"`);
    }
  }
  let path = o.config;
  if (path === undefined) {
    const { stat } = await import("node:fs/promises");
    if (await stat("wrenmail.yaml").then(() => true, () => false)) path = "wrenmail.yaml";
  }
  return loadConfig(path, { dataDir: o.data, portOffset });
}

export async function withStore<T>(o: CommonOptions, fn: (store: Store, config: Config) => Promise<T>): Promise<T> {
  const config = await resolveConfig(o);
  const store = await openStore({ url: config.database, dataDir: config.dataDir });
  try {
    return await fn(store, config);
  } finally {
    await store.close();
  }
}

/** The password for a non-interactive command: the first line of stdin, without its line ending. */
export async function passwordFromStdin(io: Io): Promise<string> {
  const text = await io.stdin();
  const pw = text.split(/\r?\n/)[0];
  if (!pw) throw new UsageError("--password-stdin: standard input is empty; pipe the password in, e.g. printf '%s\\n' \"$PW\" | wrenmail ...");
  return pw;
}
