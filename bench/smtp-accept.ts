/**
 * Messages per second accepted over SMTP on loopback: the whole wrenmail server (in-process, real
 * SMTP session, real durable delivery: each 250 means the message is committed with fsync to the
 * INBOX) against a private Postfix instance (each 250 means the message is fsynced into its
 * queue; delivery to a maildir follows in the background), both driven by Postfix's smtp-source
 * with the same parameters. Median of `rounds` runs after a warm-up; the two servers alternate.
 *
 * Run (as root for the Postfix side; installs the postfix package via apt-get when it is missing):
 *   npm run bench smtp | npx tsx bench/smtp-accept.ts | npx deno run -A bench/smtp-accept.ts | npx bun bench/smtp-accept.ts
 * Options: --messages 2000 --size 4096 --sessions 10,1 --rounds 3 --timeout 120 (seconds per run)
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { loadConfig } from "../src/config/mod.ts";
import { createMailServer, type MailServer } from "../src/server.ts";
import { writeTestConfig } from "../tests/helpers/config.ts";
import { freePorts } from "../tests/helpers/ports.ts";
import { ensurePostfixTools, killChildren, type PostfixInstance, selfCpuMs, smtpSource, startPostfix } from "./lib/postfix.ts";

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const MESSAGES = Number(option("messages", "2000"));
const SIZE = Number(option("size", "4096"));
const SESSIONS = option("sessions", "10,1").split(",").map(Number);
const ROUNDS = Number(option("rounds", "3"));
const TIMEOUT_MS = Number(option("timeout", "120")) * 1000;
const WARMUP = Math.min(500, MESSAGES);
const DOMAIN = "bench.test";
const USER = "user";

const g = globalThis as Record<string, unknown>;
const runtime = g.Bun ? "bun" : g.Deno ? "deno" : "node";
const say = (s: string) => console.log(s);

/** smtp-source arguments: `sessions` parallel sessions, one message per connection, `size` bytes of payload. */
const sourceArgs = (port: number, sessions: number, messages: number) =>
  ["-4", "-s", String(sessions), "-m", String(messages), "-l", String(SIZE), "-f", `bench@${DOMAIN}`, "-t", `${USER}@${DOMAIN}`, "-M", DOMAIN, `127.0.0.1:${port}`];

interface Result {
  /** Accepted msgs/s: messages / smtp-source wall time. */
  rate: number;
  /** Delivered msgs/s (Postfix: until the last message is in the maildir). */
  delivered: number;
  /** Server CPU ms per message (Postfix: every process of the instance, delivery included). */
  cpu: number;
}

async function load(port: number, sessions: number, messages: number): Promise<number> {
  const r = await smtpSource(sourceArgs(port, sessions, messages), TIMEOUT_MS);
  if (r.code !== 0) throw new Error(`smtp-source against 127.0.0.1:${port} failed (exit ${r.code}): ${r.stderr.trim()}`);
  return r.ms;
}

async function runWrenmail(server: MailServer, port: number, sessions: number, messages: number): Promise<Result> {
  const cpu0 = selfCpuMs();
  const ms = await load(port, sessions, messages);
  const cpu = selfCpuMs() - cpu0;
  const rate = messages / (ms / 1000);
  return { rate, delivered: rate, cpu: cpu / messages };
}

let postfixSent = 0;
async function runPostfix(pf: PostfixInstance, sessions: number, messages: number): Promise<Result> {
  const cpu0 = pf.cpuMs();
  const t0 = performance.now();
  const ms = await load(pf.port, sessions, messages);
  postfixSent += messages;
  // Let the queue drain before the next run, so one run's deliveries do not slow the next one down.
  const deadline = performance.now() + TIMEOUT_MS;
  while (pf.delivered() < postfixSent) {
    if (performance.now() > deadline) throw new Error(`postfix delivered ${pf.delivered()} of ${postfixSent} messages; see ${pf.dir}/maillog`);
    await new Promise((r) => setTimeout(r, 10));
  }
  const drained = performance.now() - t0;
  return { rate: messages / (ms / 1000), delivered: messages / (drained / 1000), cpu: (pf.cpuMs() - cpu0) / messages };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const med = (rs: Result[]): Result => ({ rate: median(rs.map((r) => r.rate)), delivered: median(rs.map((r) => r.delivered)), cpu: median(rs.map((r) => r.cpu)) });

const root = mkdtempSync(join(tmpdir(), "wrenmail-bench-smtp-"));
let server: MailServer | undefined;
let pf: PostfixInstance | undefined;
let cleaned = false;
/** Stops Postfix (its own stop command, then by PID) and smtp-source children; removes the temp dir. */
function cleanupSync(): void {
  if (cleaned) return;
  cleaned = true;
  killChildren();
  try {
    pf?.stop();
  } catch (e) {
    console.error(`stopping postfix: ${e}`);
    pf?.kill();
  }
  rmSync(root, { recursive: true, force: true });
}
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  try {
    process.on(sig, () => {
      cleanupSync();
      process.exit(130);
    });
  } catch { /* runtime without this signal */ }
}
process.on("exit", () => {
  killChildren();
  if (!cleaned) pf?.kill();
});

try {
  ensurePostfixTools(say);
  const root0 = typeof process.getuid === "function" && process.getuid() === 0;
  const wrenDir = join(root, "wrenmail");
  mkdirSync(wrenDir);
  const { ports } = await writeTestConfig(wrenDir);
  server = createMailServer(await loadConfig(join(wrenDir, "wrenmail.yaml")), { write: () => {}, graceMs: 200 });
  await server.start();
  await server.store.domains.add(DOMAIN);
  await server.store.accounts.add({ address: `${USER}@${DOMAIN}`, password: "bench-password-1" });
  const wrenPort = ports.smtp;

  if (root0) {
    const [pfPort] = await freePorts(1);
    chmodSync(root, 0o755);
    pf = startPostfix({ dir: join(root, "postfix"), port: pfPort, domain: DOMAIN, user: USER });
  } else {
    say("not root: Postfix cannot be started, so only wrenmail is measured (run as root for the comparison)");
  }

  say(`runtime ${runtime}: ${MESSAGES} messages of ${SIZE} bytes per run, one message per connection (smtp-source), median of ${ROUNDS} runs, warm-up ${WARMUP}`);
  say(`data under ${root} (${tmpdir()}); wrenmail smtp 127.0.0.1:${wrenPort}${pf ? `, postfix smtpd 127.0.0.1:${pf.port} (master pid ${pf.masterPid})` : ""}`);
  await runWrenmail(server, wrenPort, Math.max(...SESSIONS), WARMUP);
  if (pf) await runPostfix(pf, Math.max(...SESSIONS), WARMUP);

  const table: [number, Result, Result | undefined][] = [];
  for (const sessions of SESSIONS) {
    const w: Result[] = [];
    const p: Result[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      w.push(await runWrenmail(server, wrenPort, sessions, MESSAGES));
      if (pf) p.push(await runPostfix(pf, sessions, MESSAGES));
      const last = w[w.length - 1];
      const lp = p[p.length - 1];
      say(`  ${sessions} session(s), round ${round}: wrenmail ${last.rate.toFixed(0)} msgs/s${lp ? `, postfix ${lp.rate.toFixed(0)} msgs/s accepted, ${lp.delivered.toFixed(0)} delivered` : ""}`);
    }
    table.push([sessions, med(w), pf ? med(p) : undefined]);
  }

  // Every 250 from wrenmail is a message in the INBOX: check the count.
  const store = server.store;
  const acct = await store.accounts.get(`${USER}@${DOMAIN}`);
  const inbox = await store.mailboxes.get(acct!.id, "INBOX");
  const stored = (await store.messages.list(inbox!.id)).length;
  const sent = WARMUP + SESSIONS.length * ROUNDS * MESSAGES;
  if (stored !== sent) throw new Error(`wrenmail INBOX holds ${stored} messages, ${sent} were accepted`);

  const cols = ["runtime", "sessions", "wrenmail msgs/s", "postfix msgs/s", "ratio", "postfix delivered/s", "ratio", "CPU ms/msg wren", "CPU ms/msg pfx"];
  const rows = table.map(([s, w, p]) => [
    runtime,
    String(s),
    w.rate.toFixed(0),
    p ? p.rate.toFixed(0) : "-",
    p ? (w.rate / p.rate).toFixed(2) : "-",
    p ? p.delivered.toFixed(0) : "-",
    p ? (w.rate / p.delivered).toFixed(2) : "-",
    w.cpu.toFixed(2),
    p ? p.cpu.toFixed(2) : "-",
  ]);
  const widths = cols.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i].length)));
  say("");
  say(cols.map((c, i) => c.padStart(widths[i])).join("  "));
  for (const r of rows) say(r.map((c, i) => c.padStart(widths[i])).join("  "));
  say("ratio = wrenmail / postfix (> 1: wrenmail faster). wrenmail's 250 = delivered to the INBOX; postfix's 250 = queued, and");
  say("'postfix delivered/s' counts until the last message is in the maildir. CPU = server process(es) only, not smtp-source.");
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
} finally {
  try {
    await server?.stop();
  } catch (e) {
    console.error(`stopping wrenmail: ${e}`);
  }
  cleanupSync();
}
