/**
 * Manual performance check of the mail-access layer on a 100,000-message mailbox (not a test: the
 * figures go in reports, never in assertions, since the machine is shared). Each operation runs
 * in its own process so its peak RSS is its own.
 *
 *   npx tsx tests/store/perf-mail-access.ts            # builds a temp store, runs every op, prints a table
 *   npx deno run -A tests/store/perf-mail-access.ts    # same under Deno (or bun)
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { openStore, stageBlob, type Store } from "../../src/store/mod.ts";

const N = 100_000;
const PER_WRITE = 5_000;
const OPS = ["uids", "scan", "status", "setFlags", "scanChanged", "vanished", "copy1000", "move1000", "expunge"] as const;

// VmHWM of this process (Linux): getrusage's maxRSS would carry over the parent's peak across exec.
const peakMb = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))![1]) / 1024;
const rssMb = () => process.memoryUsage().rss / 1024 / 1024;
const ms = (t: number) => (performance.now() - t).toFixed(0);

async function open(dir: string): Promise<Store> {
  return openStore({ url: `file:${join(dir, "wrenmail.db")}`, dataDir: dir });
}

async function build(dir: string): Promise<void> {
  const store = await open(dir);
  await store.domains.add("perf.test");
  const a = await store.accounts.add({ address: "perf@perf.test", password: "pw" });
  const inbox = (await store.mailboxes.get(a.id, "INBOX"))!.id;
  const body = new TextEncoder().encode("Subject: x\r\n\r\nx\r\n");
  const t = performance.now();
  for (let done = 0; done < N; done += PER_WRITE) {
    const staged = await Promise.all(Array.from({ length: PER_WRITE }, () => stageBlob(store.blobs, body)));
    await store.write(async (tx) => {
      for (const [i, b] of staged.entries()) await store.messages.appendIn(tx, { mailboxId: inbox, body: b, flags: (done + i) % 4 === 0 ? ["\\Seen"] : [] });
    });
    if (done % 25_000 === 0) console.log(`  ${done + PER_WRITE} stored, RSS ${rssMb().toFixed(0)} MB, peak ${peakMb().toFixed(0)} MB`);
  }
  console.log(`build: ${N} messages in ${ms(t)} ms (${PER_WRITE} per write)`);
  await store.close();
}

async function op(dir: string, name: string): Promise<void> {
  const store = await open(dir);
  const a = (await store.accounts.get("perf@perf.test"))!;
  const inbox = (await store.mailboxes.get(a.id, "INBOX"))!.id;
  const archive = (await store.mailboxes.get(a.id, "Archive"))!.id;
  const all = Array.from({ length: N }, (_, i) => i + 1);
  const base = peakMb();
  const t = performance.now();
  let what = "";
  if (name === "uids") what = `${(await store.messages.uids(inbox)).length} uids`;
  if (name === "scan") {
    let n = 0;
    for await (const _ of store.messages.scan(inbox)) n++;
    what = `${n} rows`;
  }
  if (name === "status") what = JSON.stringify(await store.mailboxes.status(inbox));
  if (name === "setFlags") what = `${(await store.messages.setFlags(inbox, all, "add", ["\\Flagged"])).changed.length} changed`;
  if (name === "scanChanged") {
    const h = (await store.mailboxes.status(inbox)).highestModseq;
    let n = 0;
    for await (const _ of store.messages.scan(inbox, { changedSince: h - 1 })) n++;
    what = `${n} rows changed since highest-1`;
  }
  if (name === "vanished") what = `${(await store.messages.vanishedSince(inbox, 0)).length} vanished`;
  if (name === "copy1000") what = `${(await store.messages.copy(inbox, all.slice(0, 1000), archive)).map.length} copied`;
  if (name === "move1000") what = `${(await store.messages.move(inbox, all.slice(1000, 2000), archive)).map.length} moved`;
  if (name === "expunge") what = `${(await store.messages.expunge(inbox, all.slice(2000))).uids.length} expunged`;
  console.log(`${name.padEnd(12)} ${ms(t).padStart(6)} ms   peak RSS ${peakMb().toFixed(0)} MB (${(peakMb() - base).toFixed(0)} MB over the open store)   ${what}`);
  await store.close();
}

const [cmd, dir, name] = process.argv.slice(2);
if (cmd === "op") await op(dir, name);
else {
  const tmp = await mkdtemp(join(tmpdir(), "wrenmail-perf-"));
  try {
    await build(tmp);
    // Re-run this file with the same runtime for each op.
    const self = new URL(import.meta.url).pathname;
    const [exe, ...pre] = process.argv[0].endsWith("deno") || "Deno" in globalThis ? [process.execPath, "run", "-A"] : "Bun" in globalThis ? [process.execPath] : [process.execPath, "--import", "tsx"];
    for (const o of OPS) {
      const r = spawnSync(exe, [...pre, self, "op", tmp, o], { encoding: "utf8" });
      process.stdout.write(r.stdout + r.stderr);
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
