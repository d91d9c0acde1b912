import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** The command line that runs a TypeScript file on the runtime running the tests. */
export function tsCommand(file: string, args: string[] = []): [string, string[]] {
  const g = globalThis as Record<string, unknown>;
  if (g.Deno) return [process.execPath, ["run", "-A", file, ...args]];
  if (g.Bun) return [process.execPath, [file, ...args]];
  return [process.execPath, ["--import", "tsx", file, ...args]];
}

export interface Child {
  proc: ChildProcess;
  /** Everything written to stdout so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the stdout text once it matches, rejects on exit or timeout. */
  waitFor(re: RegExp, ms?: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends SIGKILL if still running; only this child, by its PID. */
  kill(signal?: NodeJS.Signals): void;
}

export function startChild(cmd: string, args: string[], o: { cwd?: string; env?: Record<string, string>; input?: string } = {}): Child {
  const proc = spawn(cmd, args, { cwd: o.cwd ?? ROOT, env: { ...process.env, NO_COLOR: "1", ...o.env }, stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  let err = "";
  const watchers = new Set<() => void>();
  proc.stdout!.on("data", (c) => {
    out += c;
    for (const w of watchers) w();
  });
  proc.stderr!.on("data", (c) => (err += c));
  if (o.input !== undefined) proc.stdin!.end(o.input);
  else proc.stdin!.end();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on("close", (code, signal) => {
      for (const w of watchers) w();
      resolve({ code, signal });
    })
  );
  let done = false;
  exited.then(() => (done = true));
  return {
    proc,
    stdout: () => out,
    stderr: () => err,
    exited,
    kill: (signal = "SIGKILL") => {
      // process.kill, not proc.kill: Deno's ChildProcess.kill makes the exit look signal-killed
      // even when the child handled the signal and exited 0 (measured with Deno 2.9).
      if (!done && proc.pid !== undefined) {
        try {
          process.kill(proc.pid, signal);
        } catch {
          // Already gone.
        }
      }
    },
    waitFor(re, ms = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = out.match(re);
          if (m) finish(() => resolve(m));
          else if (done) finish(() => reject(new Error(`exited before ${re}; stdout:\n${out}\nstderr:\n${err}`)));
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`timed out waiting for ${re}; stdout:\n${out}\nstderr:\n${err}`))), ms);
        const finish = (f: () => void) => {
          clearTimeout(timer);
          watchers.delete(check);
          f();
        };
        watchers.add(check);
        check();
      });
    },
  };
}

/** Runs a command to completion and returns its exit code and output. */
export async function runChild(cmd: string, args: string[], o: { cwd?: string; env?: Record<string, string>; input?: string; timeoutMs?: number } = {}) {
  const c = startChild(cmd, args, o);
  const timer = setTimeout(() => c.kill(), o.timeoutMs ?? 60_000);
  const { code, signal } = await c.exited;
  clearTimeout(timer);
  return { code, signal, stdout: c.stdout(), stderr: c.stderr() };
}

/** Runs the wrenmail CLI (from source) on the runtime running the tests. */
export function wrenmail(args: string[], o: { cwd?: string; input?: string; timeoutMs?: number } = {}) {
  const [cmd, argv] = tsCommand(`${ROOT}src/cli/main.ts`, args);
  return runChild(cmd, argv, o);
}

export function startWrenmail(args: string[], o: { cwd?: string } = {}): Child {
  const [cmd, argv] = tsCommand(`${ROOT}src/cli/main.ts`, args);
  return startChild(cmd, argv, o);
}
