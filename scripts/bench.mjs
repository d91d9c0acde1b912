#!/usr/bin/env node
// Runs every benchmark in bench/ on Node, Deno and Bun in turn (or those named: node scripts/bench.mjs io-lines).
// Benchmarks print their own figures; reference-server comparisons live in the benchmark files.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const only = process.argv.slice(2);
const runtimes = (process.env.WRENMAIL_RUNTIMES ?? "node,deno,bun").split(",");
const bin = (name) => join(root, "node_modules", ".bin", name);
const argv = {
  node: (f) => [process.execPath, ["--import", "tsx", f]],
  deno: (f) => [bin("deno"), ["run", "-A", f]],
  bun: (f) => [bin("bun"), [f]],
};
let failed = false;
for (const file of readdirSync(join(root, "bench")).filter((f) => f.endsWith(".ts")).sort()) {
  if (only.length && !only.some((o) => file.includes(o))) continue;
  for (const rt of runtimes) {
    console.log(`\n=== ${file} on ${rt} ===`);
    const [cmd, args] = argv[rt](join("bench", file));
    const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit" });
    if (r.status !== 0) failed = true;
  }
}
process.exit(failed ? 1 : 0);
