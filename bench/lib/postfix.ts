/**
 * Benchmark helpers around Postfix: make sure its test tools are installed, run `smtp-source`
 * bounded in time, read CPU time from /proc, and run a private Postfix instance that touches
 * nothing of the system's own mail setup (its own config, queue, data and log under a directory
 * we own; the default /etc/postfix/main.cf is neither read for our settings nor changed).
 */
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import process from "node:process";

export const POSTFIX = "/usr/sbin/postfix";
export const SMTP_SOURCE = "/usr/sbin/smtp-source";
const INSTALL_HINT = "apt-get update && apt-get install -y postfix   (Debian/Ubuntu: the postfix package ships /usr/sbin/postfix and /usr/sbin/smtp-source)";

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

/**
 * Postfix and smtp-source present, installing the postfix package when we are root on a system
 * with apt-get. The debconf answer "No configuration" keeps the package from configuring or
 * starting the system's own Postfix. Throws with the exact command to run otherwise.
 */
export function ensurePostfixTools(log: (s: string) => void): void {
  if (existsSync(POSTFIX) && existsSync(SMTP_SOURCE)) return;
  if (!isRoot() || !existsSync("/usr/bin/apt-get")) throw new Error(`Postfix and smtp-source are required. Install them with:\n  ${INSTALL_HINT}`);
  log("installing postfix (for smtp-source and the reference server): apt-get update && apt-get install -y postfix");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  spawnSync("debconf-set-selections", { input: "postfix postfix/main_mailer_type select No configuration\n", stdio: ["pipe", "inherit", "inherit"] });
  for (const args of [["update"], ["install", "-y", "postfix"]]) {
    const r = spawnSync("apt-get", args, { env, stdio: ["ignore", "inherit", "inherit"], timeout: 600_000 });
    if (r.status !== 0) throw new Error(`apt-get ${args.join(" ")} failed; install by hand:\n  ${INSTALL_HINT}`);
  }
  if (!existsSync(POSTFIX) || !existsSync(SMTP_SOURCE)) throw new Error(`postfix installed but ${SMTP_SOURCE} is missing`);
}

/** The running child processes, so that a signal handler can kill them by PID. */
const children = new Set<number>();

export interface SourceRun {
  ms: number;
  code: number | null;
  stderr: string;
}

/** Run smtp-source with `args`; killed (SIGKILL, by PID) after `timeoutMs`. */
export function smtpSource(args: string[], timeoutMs: number): Promise<SourceRun> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(SMTP_SOURCE, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr!.on("data", (d: Uint8Array) => (stderr += new TextDecoder().decode(d)));
    if (child.pid) children.add(child.pid);
    const timer = setTimeout(() => {
      stderr += `\n(killed after ${timeoutMs} ms)`;
      if (child.pid) process.kill(child.pid, "SIGKILL");
    }, timeoutMs);
    child.once("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once("close", (code) => {
      const ms = performance.now() - t0;
      clearTimeout(timer);
      if (child.pid) children.delete(child.pid);
      resolve({ ms, code, stderr });
    });
  });
}

/** Kill (SIGKILL, by PID) every smtp-source still running. */
export function killChildren(): void {
  for (const pid of children) {
    try {
      process.kill(pid, "SIGKILL");
    } catch { /* gone */ }
  }
  children.clear();
}

const TICK_MS = 10; // USER_HZ is 100 on every Linux architecture we run on (getconf CLK_TCK)

/** [pid, ppid, own utime+stime, reaped children's cutime+cstime] in ticks, or null. */
function statOf(pid: string): [number, number, number, number] | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, "latin1");
    const f = s.slice(s.lastIndexOf(")") + 2).split(" ");
    return [Number(pid), Number(f[1]), Number(f[11]) + Number(f[12]), Number(f[13]) + Number(f[14])];
  } catch {
    return null;
  }
}

/** CPU time (user + system, ms) this process has used, all threads; from /proc, else process.cpuUsage. */
export function selfCpuMs(): number {
  const st = existsSync("/proc/self/stat") ? statOf("self") : null;
  if (st) return st[2] * TICK_MS;
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * CPU time (ms) of a process tree: every live descendant's own time plus what each has collected
 * from children it reaped. Differences between two readings count processes that were born or
 * died in between (a dead child's time moves into its parent's cutime).
 */
export function treeCpuMs(root: number): number {
  const all = new Map<number, [number, number, number, number]>();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    const st = statOf(d);
    if (st) all.set(st[0], st);
  }
  const kids = new Map<number, number[]>();
  for (const [pid, st] of all) kids.set(st[1], [...(kids.get(st[1]) ?? []), pid]);
  let ticks = 0;
  const todo = [root];
  while (todo.length) {
    const pid = todo.pop()!;
    const st = all.get(pid);
    if (!st) continue;
    ticks += st[2] + st[3];
    todo.push(...(kids.get(pid) ?? []));
  }
  return ticks * TICK_MS;
}

export interface PostfixInstance {
  readonly port: number;
  readonly dir: string;
  readonly masterPid: number;
  /** Messages delivered so far into the maildir of `user`. */
  delivered(): number;
  /** CPU ms of master and all its children (smtpd, cleanup, qmgr, virtual, ...). */
  cpuMs(): number;
  /** `postfix -c DIR stop`, then SIGKILL the master by PID if it is still there. Idempotent. */
  stop(): void;
  /** Synchronous last resort for exit handlers: SIGTERM to the master (what `postfix stop` sends). */
  kill(): void;
}

const postfixCmd = (dir: string, ...args: string[]) =>
  spawnSync(POSTFIX, ["-c", join(dir, "etc"), ...args], { encoding: "utf8", timeout: 60_000 });

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * A private Postfix under `dir` (which must be traversable by the postfix user): config in
 * dir/etc, queue in dir/queue, data in dir/data, log in dir/maillog, and virtual mailbox delivery
 * of `domain` to the maildir dir/mail/<user>/ (every address of the domain), owned by the postfix
 * user. smtpd listens on 127.0.0.1:`port` only; no chroot, no DNS, no local delivery.
 */
export function startPostfix(o: { dir: string; port: number; domain: string; user: string }): PostfixInstance {
  const { dir, port, domain, user } = o;
  const id = (flag: string) => Number(spawnSync("id", [flag, "postfix"], { encoding: "utf8" }).stdout.trim());
  const uid = id("-u");
  const gid = id("-g");
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new Error("no postfix user (is the postfix package installed?)");
  for (const d of ["etc", "queue", "data", "mail"]) mkdirSync(join(dir, d), { recursive: true });
  // The postfix user must reach the queue and the maildir: `dir` is made 0755, its parents are
  // checked but never changed.
  chmodSync(dir, 0o755);
  for (let d = dirname(dir); d !== dirname(d); d = dirname(d)) {
    if ((statSync(d).mode & 0o001) === 0) throw new Error(`${d} is not searchable by the postfix user; use a TMPDIR whose parents are (e.g. TMPDIR=/tmp)`);
  }
  chownSync(join(dir, "data"), uid, gid);
  chownSync(join(dir, "mail"), uid, gid);
  writeFileSync(join(dir, "etc", "main.cf"), [
    "compatibility_level = 3.6",
    `queue_directory = ${join(dir, "queue")}`,
    `data_directory = ${join(dir, "data")}`,
    `maillog_file_prefixes = ${dir}`,
    `maillog_file = ${join(dir, "maillog")}`,
    "myhostname = postfix.bench.test",
    `mydomain = ${domain}`,
    `myorigin = ${domain}`,
    "inet_interfaces = 127.0.0.1",
    "inet_protocols = ipv4",
    "mynetworks = 127.0.0.0/8",
    // Nothing local, nothing relayed: only the virtual mailbox domain is accepted.
    "mydestination =",
    "local_recipient_maps =",
    "relay_domains =",
    "relayhost =",
    "alias_maps =",
    "alias_database =",
    `virtual_mailbox_domains = ${domain}`,
    `virtual_mailbox_base = ${join(dir, "mail")}`,
    `virtual_mailbox_maps = static:${user}/`,
    `virtual_uid_maps = static:${uid}`,
    `virtual_gid_maps = static:${gid}`,
    `virtual_minimum_uid = ${Math.min(uid, 100)}`,
    // No DNS anywhere: clients are not looked up, and nothing is sent out.
    "smtpd_peername_lookup = no",
    "smtp_host_lookup = native",
    "lmtp_host_lookup = native",
    "smtp_dns_support_level = disabled",
    "smtpd_banner = $myhostname ESMTP",
    "biff = no",
    "",
  ].join("\n"));
  // Our own master.cf: every service unchrooted, smtpd on the loopback port only (Debian's default
  // master.cf runs smtpd on *:25 and chroots most daemons to the queue directory).
  const svc = (name: string, type: string, priv: string, unpriv: string, wakeup: string, limit: string, cmd: string) =>
    [name, type, priv, unpriv, "n", wakeup, limit, cmd].join("\t");
  writeFileSync(join(dir, "etc", "master.cf"), [
    svc(`127.0.0.1:${port}`, "inet", "n", "-", "-", "-", "smtpd"),
    svc("pickup", "unix", "n", "-", "60", "1", "pickup"),
    svc("cleanup", "unix", "n", "-", "-", "0", "cleanup"),
    svc("qmgr", "unix", "n", "-", "300", "1", "qmgr"),
    svc("rewrite", "unix", "-", "-", "-", "-", "trivial-rewrite"),
    svc("bounce", "unix", "-", "-", "-", "0", "bounce"),
    svc("defer", "unix", "-", "-", "-", "0", "bounce"),
    svc("trace", "unix", "-", "-", "-", "0", "bounce"),
    svc("verify", "unix", "-", "-", "-", "1", "verify"),
    svc("flush", "unix", "n", "-", "1000?", "0", "flush"),
    svc("proxymap", "unix", "-", "-", "-", "-", "proxymap"),
    svc("proxywrite", "unix", "-", "-", "-", "1", "proxymap"),
    svc("smtp", "unix", "-", "-", "-", "-", "smtp"),
    svc("relay", "unix", "-", "-", "-", "-", "smtp"),
    svc("showq", "unix", "n", "-", "-", "-", "showq"),
    svc("error", "unix", "-", "-", "-", "-", "error"),
    svc("retry", "unix", "-", "-", "-", "-", "error"),
    svc("discard", "unix", "-", "-", "-", "-", "discard"),
    svc("local", "unix", "-", "n", "-", "-", "local"),
    svc("virtual", "unix", "-", "n", "-", "-", "virtual"),
    svc("lmtp", "unix", "-", "-", "-", "-", "lmtp"),
    svc("anvil", "unix", "-", "-", "-", "1", "anvil"),
    svc("scache", "unix", "-", "-", "-", "1", "scache"),
    svc("postlog", "unix-dgram", "n", "-", "-", "1", "postlogd"),
    "",
  ].join("\n"));

  const log = () => (existsSync(join(dir, "maillog")) ? readFileSync(join(dir, "maillog"), "utf8").split("\n").slice(-15).join("\n") : "");
  // `check` creates the queue directories with the right owners; `start` runs master in the background.
  for (const cmd of ["check", "start"]) {
    const r = postfixCmd(dir, cmd);
    if (r.status !== 0) throw new Error(`postfix -c ${join(dir, "etc")} ${cmd} failed (${r.status}): ${r.stderr}\n${log()}`);
  }
  const pidFile = join(dir, "queue", "pid", "master.pid");
  const masterPid = Number(readFileSync(pidFile, "utf8").trim());
  if (!Number.isInteger(masterPid) || !alive(masterPid)) throw new Error(`postfix master not running\n${log()}`);

  let stopped = false;
  const maildirNew = join(dir, "mail", user, "new");
  return {
    port,
    dir,
    masterPid,
    delivered: () => (existsSync(maildirNew) ? readdirSync(maildirNew).length : 0),
    cpuMs: () => treeCpuMs(masterPid),
    stop() {
      if (stopped) return;
      stopped = true;
      postfixCmd(dir, "stop");
      for (let i = 0; i < 100 && alive(masterPid); i++) spawnSync("sleep", ["0.1"]);
      if (alive(masterPid)) process.kill(masterPid, "SIGKILL");
    },
    kill() {
      if (stopped) return;
      stopped = true;
      if (alive(masterPid)) process.kill(masterPid, "SIGTERM");
    },
  };
}
