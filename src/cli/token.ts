import { chmod, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * The running server's credential for the local `wrenmail` command: a random token in a file only
 * the server's user can read, so whoever can read the data directory may drive the admin API.
 */
export const CLI_TOKEN_FILE = "cli-token";

export function cliTokenPath(dataDir: string): string {
  return join(dataDir, CLI_TOKEN_FILE);
}

export async function writeCliToken(dataDir: string): Promise<string> {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const token = btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  const path = cliTokenPath(dataDir);
  // A leftover file keeps its old mode on overwrite; start from nothing.
  await rm(path, { force: true });
  await writeFile(path, token + "\n", { mode: 0o600 });
  await chmod(path, 0o600);
  return token;
}

/** The token, or null when no server has written one (not running, or another data directory). */
export async function readCliToken(dataDir: string): Promise<string | null> {
  try {
    return (await readFile(cliTokenPath(dataDir), "utf8")).trim() || null;
  } catch {
    return null;
  }
}

export async function removeCliToken(dataDir: string): Promise<void> {
  await rm(cliTokenPath(dataDir), { force: true });
}
