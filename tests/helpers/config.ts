import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { SERVICE_NAMES } from "../../src/config/mod.ts";
import { freePorts } from "./ports.ts";

/**
 * Writes a wrenmail.yaml in `dir` with every service on 127.0.0.1 and a free port, and returns the
 * ports by service name. Tests never bind all addresses.
 */
export async function writeTestConfig(dir: string, extra = ""): Promise<{ file: string; ports: Record<string, number> }> {
  const free = await freePorts(SERVICE_NAMES.length);
  const ports = Object.fromEntries(SERVICE_NAMES.map((n, i) => [n, free[i]]));
  const lines = ["hostname: mail.example.test", `dataDir: ${JSON.stringify(join(dir, "data"))}`, "services:"];
  for (const n of SERVICE_NAMES) lines.push(`  ${n}: { bind: 127.0.0.1, port: ${ports[n]} }`);
  const file = join(dir, "wrenmail.yaml");
  await writeFile(file, lines.join("\n") + "\n" + extra);
  return { file, ports };
}
