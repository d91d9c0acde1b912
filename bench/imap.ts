/**
 * IMAP: wrenmail against Dovecot (Debian's dovecot-imapd) side by side on the same mailbox.
 *
 * Both servers get the same N messages (default 10,000, ~3 KiB, one in ten multipart with an
 * attachment): wrenmail through its store (MIME summary computed as delivery does), Dovecot as
 * Maildir files. Both are driven by the same small client (bench/lib/imap-client.ts), plaintext on
 * loopback, and measured one after the other, median of 3 rounds, each on a fresh connection:
 *
 * - select+meta: SELECT INBOX + FETCH 1:* (FLAGS UID RFC822.SIZE)
 * - bodies: FETCH 1:* BODY.PEEK[] (every byte of every message)
 * - search-hdr: SEARCH SUBJECT "<word in 1% of messages>"
 * - search-body: SEARCH BODY "<word in 1% of bodies>" (Dovecot without FTS reads every body too)
 * - idle memory: K connections logged in with INBOX selected; server memory growth per connection
 *   (wrenmail: RSS of its one process; Dovecot: PSS of the per-connection imap processes, so
 *   shared library pages are not counted K times)
 *
 * Before measuring, each server gets one warm-up pass (Dovecot builds its index at the first
 * SELECT; wrenmail's index is the database, written at delivery).
 *
 * Options: --messages 10000 --rounds 3 --idle 300 (many connections, so that garbage-collector noise in one process does not swamp the per-connection figure). Needs root for Dovecot; without it only
 * wrenmail is measured.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { loadConfig } from "../src/config/mod.ts";
import { openStore, stopPasswordWorkers } from "../src/store/mod.ts";
import { writeTestConfig } from "../tests/helpers/config.ts";
import { freePorts } from "../tests/helpers/ports.ts";
import { rng } from "../tests/helpers/random.ts";
import { startWrenmail, type Child } from "../tests/helpers/spawn.ts";
import { chownMaildir, type DovecotInstance, ensureDovecot, pssKiB, rssKiB, startDovecot } from "./lib/dovecot.ts";
import { BenchImap } from "./lib/imap-client.ts";

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const MESSAGES = arg("messages", 10_000);
const ROUNDS = arg("rounds", 3);
const IDLE = arg("idle", 300);
const USER = "bench";
const DOMAIN = "bench.example.org";
const PASSWORD = "bench-password-1";
const runtime = (globalThis as Record<string, unknown>).Deno ? "deno" : (globalThis as Record<string, unknown>).Bun ? "bun" : "node";
const say = (s: string) => console.log(s);

/** Deterministic messages: ~3 KiB of text, every tenth multipart with a base64 attachment. */
function makeMessages(n: number): { bytes: Uint8Array; date: Date }[] {
  const r = rng(7);
  const words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima"];
  const text = (count: number) => Array.from({ length: count }, () => words[Math.floor(r() * words.length)]).join(" ");
  const out: { bytes: Uint8Array; date: Date }[] = [];
  for (let i = 0; i < n; i++) {
    const date = new Date(Date.UTC(2026, 0, 1) + i * 60_000);
    const subject = i % 100 === 0 ? `needle report ${i}` : `${text(4)} ${i}`;
    const lines = Array.from({ length: 40 }, () => text(10));
    if (i % 100 === 50) lines[20] = "the haystack holds a rareword here";
    const head = [
      "Return-Path: <sender@example.org>",
      `From: Sender ${i % 50} <sender${i % 50}@example.org>`,
      `To: ${USER}@${DOMAIN}`,
      `Subject: ${subject}`,
      `Date: ${date.toUTCString().replace("GMT", "+0000")}`,
      `Message-ID: <${i}.bench@example.org>`,
      "MIME-Version: 1.0",
    ];
    let body: string;
    if (i % 10 === 0) {
      const att = Buffer.from(Array.from({ length: 600 }, () => Math.floor(r() * 256))).toString("base64").replace(/.{76}/g, "$&\r\n");
      head.push('Content-Type: multipart/mixed; boundary="b1"');
      body = `--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${lines.join("\r\n")}\r\n--b1\r\nContent-Type: application/octet-stream; name="a.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\n${att}\r\n--b1--\r\n`;
    } else {
      head.push("Content-Type: text/plain; charset=utf-8");
      body = lines.join("\r\n") + "\r\n";
    }
    out.push({ bytes: new TextEncoder().encode(head.join("\r\n") + "\r\n\r\n" + body), date });
  }
  return out;
}

async function fillWrenmail(configFile: string, messages: { bytes: Uint8Array; date: Date }[]): Promise<void> {
  const config = await loadConfig(configFile);
  const store = await openStore({ url: config.database, dataDir: config.dataDir });
  let summarize: ((b: Uint8Array) => unknown) | null = null;
  try {
    summarize = (await import("../src/mime/mod.ts" as string)).summarize;
  } catch {
    say("src/mime has no summarize yet: messages are stored without a MIME summary");
  }
  await store.domains.add(DOMAIN);
  const account = await store.accounts.add({ address: `${USER}@${DOMAIN}`, password: PASSWORD });
  const inbox = (await store.mailboxes.get(account.id, "INBOX"))!;
  for (const m of messages) {
    await store.messages.append({ mailboxId: inbox.id, blob: m.bytes, internalDate: m.date, summary: summarize ? JSON.stringify(summarize(m.bytes)) : undefined } as never);
  }
  await store.close();
  await stopPasswordWorkers();
}

function fillDovecot(maildir: string, messages: { bytes: Uint8Array; date: Date }[]): void {
  messages.forEach((m, i) => {
    const file = join(maildir, "cur", `${Math.floor(m.date.getTime() / 1000)}.M${i}P1.bench,S=${m.bytes.byteLength}:2,`);
    writeFileSync(file, m.bytes);
  });
  chownMaildir(maildir);
}

interface Target {
  name: string;
  port: number;
  /** Memory of the server's connection-holding processes, KiB. */
  memory(): number;
}

const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timed(t: Target, run: (c: BenchImap) => Promise<void>): Promise<number> {
  const c = await BenchImap.open(t.port);
  try {
    await c.run(`LOGIN ${t.name === "wrenmail" ? `${USER}@${DOMAIN}` : USER} ${PASSWORD}`);
    const t0 = performance.now();
    await run(c);
    return performance.now() - t0;
  } finally {
    c.close();
  }
}

const CASES: [string, (c: BenchImap) => Promise<void>][] = [
  ["select+meta", async (c) => {
    await c.run("SELECT INBOX");
    const n = await c.count("FETCH 1:* (FLAGS UID RFC822.SIZE)");
    if (n !== MESSAGES) throw new Error(`FETCH 1:* returned ${n} responses, expected ${MESSAGES}`);
  }],
  ["bodies", async (c) => {
    await c.run("EXAMINE INBOX");
    await c.count("FETCH 1:* BODY.PEEK[]");
  }],
  ["search-hdr", async (c) => {
    await c.run("EXAMINE INBOX");
    const r = await c.run('SEARCH SUBJECT "needle"');
    const hits = (r.untagged.find((l) => l.startsWith("* SEARCH")) ?? "").split(" ").length - 2;
    if (hits !== Math.ceil(MESSAGES / 100)) throw new Error(`SEARCH SUBJECT found ${hits}`);
  }],
  ["search-body", async (c) => {
    await c.run("EXAMINE INBOX");
    const r = await c.run('SEARCH BODY "rareword"');
    const hits = (r.untagged.find((l) => l.startsWith("* SEARCH")) ?? "").split(" ").length - 2;
    if (hits !== Math.floor((MESSAGES + 49) / 100)) throw new Error(`SEARCH BODY found ${hits}`);
  }],
];

async function idleMemory(t: Target): Promise<number> {
  const before = t.memory();
  const conns: BenchImap[] = [];
  try {
    for (let i = 0; i < IDLE; i++) {
      const c = await BenchImap.open(t.port);
      conns.push(c);
      await c.run(`LOGIN ${t.name === "wrenmail" ? `${USER}@${DOMAIN}` : USER} ${PASSWORD}`);
      await c.run("SELECT INBOX");
    }
    await new Promise((r) => setTimeout(r, 1000));
    return (t.memory() - before) / IDLE;
  } finally {
    for (const c of conns) c.close();
  }
}

const root = mkdtempSync(join(tmpdir(), "wrenmail-bench-imap-"));
chmodSync(root, 0o755);
let server: Child | undefined;
let dovecot: DovecotInstance | undefined;
const cleanup = async () => {
  server?.kill("SIGTERM");
  await dovecot?.stop();
  rmSync(root, { recursive: true, force: true });
};
process.on("SIGINT", () => {
  server?.kill();
  void dovecot?.stop().finally(() => process.exit(130));
});

try {
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (isRoot) ensureDovecot(say);
  say(`runtime ${runtime}: ${MESSAGES} messages, median of ${ROUNDS} rounds, ${IDLE} idle connections; data under ${root}`);
  const messages = makeMessages(MESSAGES);
  say(`mailbox: ${(messages.reduce((s, m) => s + m.bytes.byteLength, 0) / 1048576).toFixed(1)} MiB`);

  const wrenDir = join(root, "wrenmail");
  mkdirSync(wrenDir);
  const { file, ports } = await writeTestConfig(wrenDir, "imap: { allowPlaintextAuth: true, authFailureDelayMs: 0 }\n");
  let t0 = performance.now();
  await fillWrenmail(file, messages);
  say(`wrenmail filled in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  server = startWrenmail(["start", "--config", file]);
  await server.waitFor(/imap listening on/, 60_000);
  const wren: Target = { name: "wrenmail", port: ports.imap, memory: () => rssKiB(server!.proc.pid!) };
  const targets: Target[] = [wren];

  if (isRoot) {
    const [port] = await freePorts(1);
    dovecot = await startDovecot({ dir: join(root, "dovecot"), port, users: [{ name: USER, password: PASSWORD }] });
    t0 = performance.now();
    fillDovecot(dovecot.maildir(USER), messages);
    say(`dovecot maildir written in ${((performance.now() - t0) / 1000).toFixed(1)} s (master pid ${dovecot.masterPid})`);
    const d = dovecot;
    targets.push({ name: "dovecot", port, memory: () => d.imapPids().reduce((s, pid) => s + pssKiB(pid), 0) });
  } else {
    say("not root: Dovecot cannot be started, so only wrenmail is measured (run as root for the comparison)");
  }

  for (const t of targets) say(`warm-up ${t.name}: ${(await timed(t, CASES[0][1])).toFixed(0)} ms`);
  const results = new Map<string, Map<string, number>>();
  for (const [name, run] of CASES) {
    for (const t of targets) {
      const xs: number[] = [];
      for (let i = 0; i < ROUNDS; i++) xs.push(await timed(t, run));
      if (!results.has(name)) results.set(name, new Map());
      results.get(name)!.set(t.name, med(xs));
      say(`  ${name} ${t.name}: ${xs.map((x) => x.toFixed(0)).join(", ")} ms`);
    }
  }
  const mem = new Map<string, number>();
  for (const t of targets) mem.set(t.name, await idleMemory(t));

  say("");
  say(`| runtime | case | wrenmail | dovecot | wrenmail/dovecot |`);
  say(`| --- | --- | ---: | ---: | ---: |`);
  for (const [name, m] of results) {
    const w = m.get("wrenmail")!;
    const d = m.get("dovecot");
    say(`| ${runtime} | ${name} (ms) | ${w.toFixed(0)} | ${d?.toFixed(0) ?? "-"} | ${d ? (w / d).toFixed(2) : "-"} |`);
  }
  const wm = mem.get("wrenmail")!;
  const dm = mem.get("dovecot");
  say(`| ${runtime} | memory per idle connection (KiB) | ${wm.toFixed(0)} | ${dm?.toFixed(0) ?? "-"} | ${dm ? (wm / dm).toFixed(2) : "-"} |`);
  say(`(time ratios below 1 mean wrenmail is faster)`);
} finally {
  await cleanup();
}
