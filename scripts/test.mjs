#!/usr/bin/env node
// Runs the same test files under Node, Deno and Bun in turn; fails if any runtime fails.
// Usage: node scripts/test.mjs [--runtimes node,deno,bun] [file-or-dir-filter ...]
import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const args = process.argv.slice(2);
let runtimes = (process.env.WRENMAIL_RUNTIMES ?? "node,deno,bun").split(",");
const filters = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--runtimes") runtimes = args[++i].split(",");
  else filters.push(args[i]);
}

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (name.endsWith(".test.ts") || name.endsWith(".test.tsx")) out.push(relative(root, p));
  }
  return out.sort();
}
let files = walk(join(root, "tests"));
if (filters.length) files = files.filter((f) => filters.some((x) => f.includes(x)));
if (!files.length) {
  console.error("no test files matched");
  process.exit(1);
}

const bin = (name) => join(root, "node_modules", ".bin", name);
// The npm shim runs Deno as its own child and turns a crash signal into exit 1; call the binary
// itself so a signal is seen as one.
function denoExe() {
  const platformDir = join(root, "node_modules", "@deno");
  const candidates = [join(root, "node_modules", "deno", "deno")];
  if (existsSync(platformDir)) for (const d of readdirSync(platformDir)) candidates.push(join(platformDir, d, "deno"));
  return candidates.find((p) => existsSync(p)) ?? bin("deno");
}
const commands = {
  node: [process.execPath, ["--import", "tsx", "--test", "--test-timeout=180000", ...files]],
  deno: [denoExe(), ["test", "-A", "--no-check", "--v8-flags=--expose-gc", "--reporter=tap", ...files]],
  bun: [bin("bun"), ["test", "--timeout", "180000", ...files.map((f) => "./" + f)]],
};

// Counts from each runner's own summary lines.
const parsers = {
  node: (out) => [num(out, /^# pass (\d+)/m), num(out, /^# fail (\d+)/m) + num(out, /^# cancelled (\d+)/m)],
  deno: tapLeaves,
  bun: (out) => [num(out, /^\s*(\d+) pass$/m), num(out, /^\s*(\d+) fail$/m)],
};
// Deno's summary counts a describe() group as one test; count the leaves of its TAP output instead.
// A result line is a group when the line before it closes a nested plan ("1..n", deeper indent).
function tapLeaves(out) {
  let pass = 0;
  let fail = 0;
  let prev = null;
  for (const line of out.split("\n")) {
    const m = line.match(/^(\s*)(ok|not ok) \d+/);
    const plan = line.match(/^(\s*)1\.\.\d+/);
    if (m) {
      const isGroup = prev?.plan && prev.indent > m[1].length;
      if (!isGroup && !/# SKIP/.test(line)) m[2] === "ok" ? pass++ : fail++;
      prev = { plan: false, indent: m[1].length };
    } else if (plan) {
      prev = { plan: true, indent: plan[1].length };
    }
  }
  return [pass, fail];
}
function num(text, re) {
  const m = text.match(re);
  return m ? Number(m[1]) : 0;
}
const strip = (s) => s.replace(/\x1b\[[0-9;]*m/g, "");

function runOnce(cmd, argv) {
  return new Promise((resolve) => {
    let out = "";
    const child = spawn(cmd, argv, { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
    const take = (chunk, sink) => { out += chunk; sink.write(chunk); };
    child.stdout.on("data", (c) => take(c, process.stdout));
    child.stderr.on("data", (c) => take(c, process.stderr));
    child.on("close", (code, signal) => resolve({ code: code ?? 1, signal, out: strip(out) }));
  });
}

// Deno runs one process per file, so a file that crashes or hangs is named on its own.
// Deno 2.9 segfaults now and then while tearing a test module down (seen in files that hash
// passwords on worker threads with the libSQL addon loaded: up to 1 run in 4 of one file; a
// server process exits cleanly, measured). The same teardown also aborts now and then with
// glibc's "free(): invalid pointer" (SIGABRT). Such a file is run again, up to 8 times in all, and
// must complete once with every test passing and a clean exit; a failing test is never retried.
// Each retry is printed in the summary. Deno gets --expose-gc so store.close() can have the native
// objects finalised before teardown: crashes went from 3 in 36 runs to 0 in 40 of three such files.
// The retry stays as a safety net.
const DENO_ATTEMPTS = 8;
const TEARDOWN_SIGNALS = new Set(["SIGSEGV", "SIGABRT"]);
async function runDenoPerFile(cmd, baseArgs) {
  let out = "";
  let code = 0;
  for (const file of files) {
    let r;
    for (let attempt = 1; attempt <= DENO_ATTEMPTS; attempt++) {
      r = await runOnce(cmd, [...baseArgs, file]);
      const crashedClean = TEARDOWN_SIGNALS.has(r.signal) && !/^\s*not ok/m.test(r.out);
      if (!crashedClean || attempt === DENO_ATTEMPTS) break;
      retries.push(`deno: ${file}: ${r.signal} with no failing test (attempt ${attempt}); ran it again`);
    }
    out += r.out;
    if (r.code !== 0 || r.signal) {
      code = r.code || 1;
      failures.push(`deno: ${file}: exit ${r.code}${r.signal ? ` (${r.signal})` : ""}`);
    }
  }
  return { code, out };
}

let totalPass = 0;
let totalFail = 0;
const results = [];
const failures = [];
const retries = [];
for (const rt of runtimes) {
  const [cmd, argv] = commands[rt];
  console.log(`\n=== ${rt}: ${files.length} test files ===`);
  const started = Date.now();
  const { code, out } = rt === "deno" ? await runDenoPerFile(cmd, argv.slice(0, -files.length)) : await runOnce(cmd, argv);
  const [pass, fail] = parsers[rt](out);
  const ok = code === 0 && fail === 0 && pass > 0;
  totalPass += pass;
  totalFail += ok ? fail : Math.max(fail, 1);
  results.push(`${rt}: ${pass} passed, ${fail} failed, exit ${code}, ${((Date.now() - started) / 1000).toFixed(0)} s${ok ? "" : "  <-- FAILED"}`);
}
console.log("\n=== summary ===");
for (const r of retries) console.log(`retried: ${r}`);
for (const f of failures) console.log(`failed: ${f}`);
for (const r of results) console.log(r);
console.log(`${totalPass} passed, ${totalFail} failed`);
process.exit(results.some((r) => r.endsWith("FAILED")) ? 1 : 0);
