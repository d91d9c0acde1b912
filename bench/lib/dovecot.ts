/**
 * A private Dovecot instance for benchmarks: its own config, state, logs and Maildir under a
 * directory we own, IMAP on one loopback port, plaintext LOGIN (no TLS: both servers are measured
 * without it), users from a passwd-file. The system's /etc/dovecot is not read or changed. Runs as
 * root (Dovecot drops to the `nobody` user for mail access, to dovenull/dovecot for its own parts).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";

export const DOVECOT = "/usr/sbin/dovecot";
const INSTALL_HINT = "apt-get update && apt-get install -y dovecot-imapd";

/** Installs dovecot-imapd when missing and we are root with apt-get; throws with the command otherwise. */
export function ensureDovecot(log: (s: string) => void): void {
  if (existsSync(DOVECOT)) return;
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  if (!root || !existsSync("/usr/bin/apt-get")) throw new Error(`Dovecot is required for the comparison. Install it with:\n  ${INSTALL_HINT}`);
  log(`installing the reference server: ${INSTALL_HINT}`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [["update"], ["install", "-y", "--no-install-recommends", "dovecot-imapd"]]) {
    const r = spawnSync("apt-get", args, { env, stdio: ["ignore", "inherit", "inherit"], timeout: 600_000 });
    if (r.status !== 0) throw new Error(`apt-get ${args.join(" ")} failed; install by hand:\n  ${INSTALL_HINT}`);
  }
}

export interface DovecotInstance {
  port: number;
  masterPid: number;
  /** The Maildir of a user (cur/ new/ tmp/). */
  maildir(user: string): string;
  /** PIDs of the per-connection `imap` processes now running. */
  imapPids(): number[];
  stop(): Promise<void>;
}

const NOBODY = { uid: 65534, gid: 65534 };

/** Starts Dovecot in the foreground (a child we can stop by PID). */
export async function startDovecot(o: { dir: string; port: number; users: { name: string; password: string }[] }): Promise<DovecotInstance> {
  for (const d of ["run", "state", "home", "mail"]) mkdirSync(join(o.dir, d), { recursive: true });
  writeFileSync(join(o.dir, "passwd"), o.users.map((u) => `${u.name}:{PLAIN}${u.password}::::::\n`).join(""));
  for (const u of o.users) {
    for (const sub of ["cur", "new", "tmp"]) mkdirSync(join(o.dir, "mail", u.name, sub), { recursive: true });
    mkdirSync(join(o.dir, "home", u.name), { recursive: true });
  }
  chownTree(join(o.dir, "mail"));
  chownTree(join(o.dir, "home"));
  const conf = `
protocols = imap
listen = 127.0.0.1
base_dir = ${o.dir}/run
state_dir = ${o.dir}/state
instance_name = wrenmail-bench-${o.port}
log_path = ${o.dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:${o.dir}/mail/%u
first_valid_uid = 1
default_login_user = dovenull
default_internal_user = dovecot
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${o.dir}/passwd
}
userdb {
  driver = static
  args = uid=${NOBODY.uid} gid=${NOBODY.gid} home=${o.dir}/home/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${o.port}
  }
  inet_listener imaps {
    port = 0
  }
}
service imap {
  process_limit = 2048
}
protocol imap {
  # Default 10; the idle-memory case opens many connections for one user from one address.
  mail_max_userip_connections = 10000
}
service anvil {
  chroot =
}
`;
  const confPath = join(o.dir, "dovecot.conf");
  writeFileSync(confPath, conf);
  const child: ChildProcess = spawn(DOVECOT, ["-F", "-c", confPath], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (d: Uint8Array) => (stderr += new TextDecoder().decode(d)));
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`dovecot exited: ${stderr}${readLog(o.dir)}`);
    if (await listening(o.port)) break;
    if (Date.now() > deadline) {
      process.kill(child.pid!, "SIGKILL");
      throw new Error(`dovecot did not listen on ${o.port} within 15 s: ${stderr}${readLog(o.dir)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const masterPid = child.pid!;
  return {
    port: o.port,
    masterPid,
    maildir: (user) => join(o.dir, "mail", user),
    imapPids: () => descendants(masterPid).filter((pid) => comm(pid) === "imap"),
    async stop() {
      if (child.exitCode === null) process.kill(masterPid, "SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) process.kill(masterPid, "SIGKILL");
    },
  };
}

function chownTree(path: string): void {
  chownSync(path, NOBODY.uid, NOBODY.gid);
  for (const e of readdirSync(path, { withFileTypes: true })) {
    const p = join(path, e.name);
    if (e.isDirectory()) chownTree(p);
    else chownSync(p, NOBODY.uid, NOBODY.gid);
  }
}

/** Makes a Maildir's files readable by the mail user after they were written as root. */
export const chownMaildir = chownTree;

function readLog(dir: string): string {
  try {
    return "\n" + readFileSync(join(dir, "dovecot.log"), "utf8").split("\n").slice(-20).join("\n");
  } catch {
    return "";
  }
}

async function listening(port: number): Promise<boolean> {
  const { connect } = await import("node:net");
  return new Promise((res) => {
    const s = connect({ port, host: "127.0.0.1" });
    s.once("connect", () => {
      s.destroy();
      res(true);
    });
    s.once("error", () => res(false));
  });
}

function comm(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return "";
  }
}

/** Every live descendant of `root`. */
export function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = readFileSync(`/proc/${d}/stat`, "latin1");
      parent.set(Number(d), Number(s.slice(s.lastIndexOf(")") + 2).split(" ")[1]));
    } catch { /* gone */ }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [pid, pp] of parent) if (pp === p) {
      out.push(pid);
      walk(pid);
    }
  };
  walk(root);
  return out;
}

/** Resident memory (VmRSS) of a process in KiB, 0 when it is gone. */
export function rssKiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Proportional set size (Pss) of a process in KiB: shared pages divided among their users, so forked processes are not over-counted. */
export function pssKiB(pid: number): number {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
    return m ? Number(m[1]) : rssKiB(pid);
  } catch {
    return 0;
  }
}
