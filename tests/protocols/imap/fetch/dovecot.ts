/**
 * Test helper: a private Dovecot `imap` process as the reference server. The messages go into a
 * Maildir in a temporary directory; Dovecot's imap binary runs in PREAUTH mode on stdin/stdout
 * (no listener, no port, nothing of the system's /etc/dovecot read: its own config file), as
 * `nobody` when the tests run as root since Dovecot refuses root. It is bounded by a timeout and
 * only the child this helper started is ever killed, by its PID.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readdir, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

const IMAP_BINARIES = ["/usr/lib/dovecot/imap", "/usr/libexec/dovecot/imap"];
const imapBinary = IMAP_BINARIES.find((p) => existsSync(p));
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const runuser = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"].find((p) => existsSync(p));

/** Why the comparison cannot run here, or false when it can. */
export const dovecotMissing: string | false = !imapBinary
  ? `no Dovecot imap binary (${IMAP_BINARIES.join(", ")}); install dovecot-imapd to compare`
  : isRoot && !runuser
  ? "running as root and no runuser to drop to nobody"
  : false;

/** A message for the Maildir: bytes, internal date (the file's mtime) and system flags. */
export interface MaildirMessage {
  bytes: Uint8Array;
  internalDate?: Date;
  /** \\Seen \\Answered \\Flagged \\Deleted \\Draft (Maildir info letters S R F T D). */
  flags?: readonly string[];
}

const LETTERS: Record<string, string> = { "\\draft": "D", "\\flagged": "F", "\\answered": "R", "\\seen": "S", "\\deleted": "T" };

/** Runs `commands` (CRLF added) against a mailbox holding `messages` in order (UIDs 1..n); returns stdout. */
export async function runDovecot(messages: readonly (Uint8Array | MaildirMessage)[], commands: readonly string[]): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), "wrenmail-imap-dovecot-"));
  try {
    for (const sub of ["cur", "new", "tmp"]) await mkdir(join(dir, "mail", sub), { recursive: true });
    // Maildir names sort by their leading number, which is the order Dovecot gives UIDs.
    for (const [i, entry] of messages.entries()) {
      const m = entry instanceof Uint8Array ? { bytes: entry } : entry;
      const info = (m.flags ?? []).map((f) => LETTERS[f.toLowerCase()] ?? "").sort().join("");
      const file = join(dir, "mail", "cur", `${1000 + i}.M${i}P1.wrenmail:2,${info}`);
      await writeFile(file, m.bytes);
      // Dovecot takes a Maildir message's INTERNALDATE from the file's mtime.
      if (m.internalDate) await utimes(file, m.internalDate, m.internalDate);
    }
    await writeFile(
      join(dir, "dovecot.conf"),
      [`mail_location = maildir:${dir}/mail`, `base_dir = ${dir}/run`, `state_dir = ${dir}/state`, `log_path = ${dir}/log`, "ssl = no", ""].join("\n"),
    );
    if (isRoot) {
      // Dovecot runs as nobody: let it write its index files in this private directory.
      const open = async (p: string) => {
        const dirLike = (await stat(p)).isDirectory();
        await chmod(p, dirLike ? 0o777 : 0o666);
        if (dirLike) for (const e of await readdir(p)) await open(join(p, e));
      };
      await open(dir);
    }
    const env = ["env", "-i", `HOME=${dir}`, `USER=${isRoot ? "nobody" : process.env.USER ?? "user"}`, imapBinary!, "-c", join(dir, "dovecot.conf")];
    const [cmd, args] = isRoot ? [runuser!, ["-u", "nobody", "--", ...env]] : [env[0], env.slice(1)];
    return await new Promise<Uint8Array>((resolve, reject) => {
      const p = spawn(cmd, args, { cwd: dir, stdio: ["pipe", "pipe", "pipe"] });
      const chunks: Uint8Array[] = [];
      let err = "";
      const timer = setTimeout(() => {
        if (p.pid !== undefined && p.exitCode === null) process.kill(p.pid, "SIGKILL");
      }, 60_000);
      // stdin stays open until the last command is answered: Dovecot treats EOF on its input as a
      // disconnect and may drop a FETCH still being written (seen under load in CI).
      const lastTag = commands.at(-1)?.split(" ")[0] ?? "";
      let tail = "";
      p.stdout!.on("data", (c: Uint8Array) => {
        chunks.push(c);
        tail = (tail + String.fromCharCode(...c.subarray(Math.max(0, c.length - 4096)))).slice(-8192);
        if (p.stdin!.writable && new RegExp(`(^|\\n)${lastTag} (OK|NO|BAD)`).test(tail)) p.stdin!.end();
      });
      p.stderr!.on("data", (c) => (err += c));
      p.on("error", reject);
      p.on("close", (code) => {
        clearTimeout(timer);
        const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
        let at = 0;
        for (const c of chunks) {
          out.set(c, at);
          at += c.length;
        }
        if (code !== 0) reject(new Error(`dovecot imap exited ${code}: ${err}`));
        else resolve(out);
      });
      p.stdin!.write(commands.map((c) => c + "\r\n").join(""));
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Splits a server's output into whole responses, each with its literals and final CRLF: a CRLF
 * ends a response only outside quoted strings and literals.
 */
export function responses(out: Uint8Array): Uint8Array[] {
  const list: Uint8Array[] = [];
  let start = 0;
  let i = 0;
  while (i < out.length) {
    const c = out[i];
    if (c === 0x22) {
      for (i++; i < out.length && out[i] !== 0x22; i++) if (out[i] === 0x5c) i++;
      i++;
    } else if (c === 0x7b && /^\{\d+\}\r\n$/.test(ascii(out.subarray(i, out.indexOf(0x0a, i) + 1)))) {
      const close = out.indexOf(0x7d, i);
      i = close + 3 + Number(ascii(out.subarray(i + 1, close)));
    } else if (c === 0x0d && out[i + 1] === 0x0a) {
      list.push(out.subarray(start, i + 2));
      start = i = i + 2;
    } else i++;
  }
  return list;
}

export const ascii = (b: Uint8Array) => String.fromCharCode(...b);
