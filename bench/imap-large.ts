/**
 * IMAP on a large mailbox (issue 7: "FETCH 1:* of flags/sizes on 100,000 messages streams without
 * loading all bodies; memory per idle connection small"). wrenmail only; bench/imap.ts compares
 * with Dovecot on a smaller mailbox.
 *
 * The INBOX gets N messages (default 100,000, ~600 bytes, stored without MIME summaries since
 * metadata FETCHes never need one) through the store, then the whole server runs as a child
 * process and one plaintext client on loopback measures, median of 3 rounds:
 *
 * - SELECT INBOX (builds the session's UID map)
 * - FETCH 1:* (FLAGS UID RFC822.SIZE), every response read and counted
 * - UID FETCH 1:* (FLAGS) (CHANGEDSINCE m) for the last 1% changed (a resync)
 *
 * and the server's memory: resident before, its high-water mark (VmHWM) after the FETCHes (the
 * growth is what one streaming FETCH costs, compared to the size of the metadata and of the
 * bodies), and the growth per idle connection with INBOX selected (K connections, default 200).
 *
 * Options: --messages 100000 --rounds 3 --idle 200
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { loadConfig } from "../src/config/mod.ts";
import { openStore, stopPasswordWorkers } from "../src/store/mod.ts";
import { writeTestConfig } from "../tests/helpers/config.ts";
import { startWrenmail, type Child } from "../tests/helpers/spawn.ts";
import { BenchImap } from "./lib/imap-client.ts";

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const MESSAGES = arg("messages", 100_000);
const ROUNDS = arg("rounds", 3);
const IDLE = arg("idle", 200);
const ADDRESS = "large@bench.example.org";
const PASSWORD = "bench-password-1";
const runtime = (globalThis as Record<string, unknown>).Deno ? "deno" : (globalThis as Record<string, unknown>).Bun ? "bun" : "node";
const say = (s: string) => console.log(s);
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function status(pid: number, key: "VmRSS" | "VmHWM"): number {
  try {
    const m = new RegExp(`${key}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Fills the INBOX through the store, many appends at once so group commit batches them. */
async function fill(configFile: string): Promise<{ bytes: number }> {
  const config = await loadConfig(configFile);
  const store = await openStore({ url: config.database, dataDir: config.dataDir });
  await store.domains.add("bench.example.org");
  const account = await store.accounts.add({ address: ADDRESS, password: PASSWORD });
  const inbox = (await store.mailboxes.get(account.id, "INBOX"))!;
  const enc = new TextEncoder();
  let bytes = 0;
  for (let i = 0; i < MESSAGES; i += 1000) {
    const batch = [];
    for (let k = i; k < Math.min(MESSAGES, i + 1000); k++) {
      const blob = enc.encode(`From: sender${k % 50}@example.org\r\nTo: ${ADDRESS}\r\nSubject: message ${k}\r\nMessage-ID: <${k}.large@example.org>\r\n\r\n${"lorem ipsum dolor sit amet ".repeat(18)}\r\n`);
      bytes += blob.length;
      batch.push(store.messages.append({ mailboxId: inbox.id, blob, flags: k % 3 === 0 ? ["\\Seen"] : [] }));
    }
    await Promise.all(batch);
  }
  await store.close();
  await stopPasswordWorkers();
  return { bytes };
}

/** Marks the last 1% flagged through a client, returning the HIGHESTMODSEQ before. */
async function touchLastPercent(port: number): Promise<number> {
  const c = await BenchImap.open(port);
  try {
    await c.run(`LOGIN ${ADDRESS} ${PASSWORD}`);
    const sel = await c.run("SELECT INBOX");
    const modseq = Number(/HIGHESTMODSEQ (\d+)/.exec(sel.untagged.join("\n"))![1]);
    const from = MESSAGES - Math.ceil(MESSAGES / 100) + 1;
    await c.run(`STORE ${from}:* +FLAGS.SILENT (\\Flagged)`);
    return modseq;
  } finally {
    c.close();
  }
}

const root = mkdtempSync(join(tmpdir(), "wrenmail-bench-imap-large-"));
let server: Child | undefined;
process.on("SIGINT", () => {
  server?.kill();
  process.exit(130);
});

try {
  const dir = join(root, "wrenmail");
  mkdirSync(dir);
  const { file, ports } = await writeTestConfig(dir, "imap: { allowPlaintextAuth: true, authFailureDelayMs: 0 }\n");
  let t0 = performance.now();
  const { bytes } = await fill(file);
  say(`runtime ${runtime}: ${MESSAGES} messages (${(bytes / 1048576).toFixed(1)} MiB of bodies) filled in ${((performance.now() - t0) / 1000).toFixed(1)} s; median of ${ROUNDS}`);
  server = startWrenmail(["start", "--config", file]);
  await server.waitFor(/imap listening on/, 60_000);
  const pid = server.proc.pid!;
  const modseq = await touchLastPercent(ports.imap);
  const rssBefore = status(pid, "VmRSS");

  const select: number[] = [];
  const fetch: number[] = [];
  const resync: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const c = await BenchImap.open(ports.imap);
    try {
      await c.run(`LOGIN ${ADDRESS} ${PASSWORD}`);
      t0 = performance.now();
      await c.run("SELECT INBOX");
      select.push(performance.now() - t0);
      t0 = performance.now();
      const n = await c.count("FETCH 1:* (FLAGS UID RFC822.SIZE)");
      fetch.push(performance.now() - t0);
      if (n !== MESSAGES) throw new Error(`FETCH 1:* returned ${n} responses, expected ${MESSAGES}`);
      t0 = performance.now();
      const changed = await c.count(`UID FETCH 1:* (FLAGS) (CHANGEDSINCE ${modseq})`);
      resync.push(performance.now() - t0);
      if (changed !== Math.ceil(MESSAGES / 100)) throw new Error(`CHANGEDSINCE returned ${changed}`);
    } finally {
      c.close();
    }
  }
  const hwm = status(pid, "VmHWM");

  // Idle memory on a fresh server process, so garbage left by the FETCHes does not blur it.
  server.kill("SIGTERM");
  await server.exited;
  server = startWrenmail(["start", "--config", file]);
  await server.waitFor(/imap listening on/, 60_000);
  const fresh = server.proc.pid!;
  const warm = await BenchImap.open(ports.imap);
  await warm.run(`LOGIN ${ADDRESS} ${PASSWORD}`);
  await warm.run("SELECT INBOX");
  await new Promise((r) => setTimeout(r, 1000));
  const idleBefore = status(fresh, "VmRSS");
  const conns: BenchImap[] = [warm];
  for (let i = 0; i < IDLE; i++) {
    const c = await BenchImap.open(ports.imap);
    conns.push(c);
    await c.run(`LOGIN ${ADDRESS} ${PASSWORD}`);
    await c.run("SELECT INBOX");
  }
  await new Promise((r) => setTimeout(r, 1000));
  const perIdle = (status(fresh, "VmRSS") - idleBefore) / IDLE;
  for (const c of conns) c.close();

  say("");
  say("| runtime | case | value |");
  say("| --- | --- | ---: |");
  say(`| ${runtime} | SELECT INBOX, ${MESSAGES} messages (ms) | ${med(select).toFixed(0)} |`);
  say(`| ${runtime} | FETCH 1:* (FLAGS UID RFC822.SIZE) (ms) | ${med(fetch).toFixed(0)} |`);
  say(`| ${runtime} | FETCH responses per second | ${(MESSAGES / (med(fetch) / 1000)).toFixed(0)} |`);
  say(`| ${runtime} | UID FETCH 1:* (FLAGS) (CHANGEDSINCE) for 1% (ms) | ${med(resync).toFixed(0)} |`);
  say(`| ${runtime} | server RSS before (MiB) | ${(rssBefore / 1024).toFixed(0)} |`);
  say(`| ${runtime} | server peak RSS after ${ROUNDS} SELECT+FETCH (MiB) | ${(hwm / 1024).toFixed(0)} |`);
  say(`| ${runtime} | message bodies in the mailbox (MiB) | ${(bytes / 1048576).toFixed(0)} |`);
  say(`| ${runtime} | memory per idle connection, INBOX selected (KiB) | ${perIdle.toFixed(0)} |`);
} finally {
  server?.kill("SIGTERM");
  await server?.exited;
  rmSync(root, { recursive: true, force: true });
}
