/**
 * Test helpers for talking to servers over real sockets from any runtime: a node:net client
 * with a "read until" buffer, stream readers with timeouts, and a bounded child process runner.
 */
import * as net from "node:net";
import * as tls from "node:tls";
import { spawn } from "node:child_process";

export const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
export const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

/** Reject if `p` has not settled within `ms`. */
export function within<T>(p: Promise<T>, ms: number, what = "operation"): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A node:net (or node:tls) client socket that remembers everything it received. */
export interface RawClient {
  sock: net.Socket;
  /** Everything received so far, as latin1 text. */
  text(): string;
  /** Wait until the received text contains `needle` (counted from `from`), return all text. */
  readUntil(needle: string | RegExp, ms?: number, from?: number): Promise<string>;
  write(s: string | Uint8Array): Promise<void>;
  /** Resolves when the server closed the connection. */
  ended: Promise<void>;
  close(): void;
}

export function rawClient(sock: net.Socket): RawClient {
  let buf = "";
  let notify: (() => void) | undefined;
  const ended = new Promise<void>((resolve) => sock.once("close", () => resolve()));
  sock.on("data", (d: Buffer) => {
    buf += d.toString("latin1");
    notify?.();
  });
  sock.on("close", () => notify?.());
  sock.on("error", () => {});
  return {
    sock,
    text: () => buf,
    async readUntil(needle, ms = 5000, from = 0) {
      const has = () => (typeof needle === "string" ? buf.indexOf(needle, from) >= 0 : needle.test(buf.slice(from)));
      const deadline = Date.now() + ms;
      while (!has()) {
        if (sock.destroyed) throw new Error(`connection closed before ${needle}; got ${JSON.stringify(buf)}`);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`timed out waiting for ${needle}; got ${JSON.stringify(buf)}`);
        await new Promise<void>((r) => {
          const t = setTimeout(r, left);
          notify = () => {
            clearTimeout(t);
            r();
          };
        });
      }
      return buf;
    },
    write: (s) => new Promise((resolve, reject) => sock.write(s, (err) => (err ? reject(err) : resolve()))),
    ended,
    close: () => sock.destroy(),
  };
}

/** Connect a plain node:net client. */
export function connectRaw(port: number, host = "127.0.0.1"): Promise<RawClient> {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ port, host }, () => {
      sock.off("error", reject);
      resolve(rawClient(sock));
    });
    sock.once("error", reject);
  });
}

/** Upgrade a node:net client to TLS (the client half of STARTTLS), trusting `ca`. */
export function upgradeRaw(c: RawClient, ca: string, servername = "localhost"): Promise<RawClient> {
  c.sock.removeAllListeners("data");
  return new Promise((resolve, reject) => {
    const s = tls.connect({ socket: c.sock, ca: [ca], servername }, () => {
      s.off("error", reject);
      resolve(rawClient(s));
    });
    s.once("error", reject);
  });
}

/** Read from a stream until the decoded text contains `needle`; returns the text. */
export async function readUntil(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  needle: string,
  ms = 5000,
): Promise<string> {
  let text = "";
  const deadline = Date.now() + ms;
  while (!text.includes(needle)) {
    const { value, done } = await within(reader.read(), Math.max(1, deadline - Date.now()), `reading ${JSON.stringify(needle)}`);
    if (done) throw new Error(`stream ended before ${JSON.stringify(needle)}; got ${JSON.stringify(text)}`);
    text += dec(value);
  }
  return text;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Run a command with a hard time limit (it is killed by its own PID past `ms`). `input` is
 * written to stdin as a list of [delay ms, text] steps, then stdin is closed after `holdMs`.
 */
export function run(
  cmd: string,
  args: string[],
  opts: { steps?: [number, string][]; holdMs?: number; ms?: number; until?: RegExp } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let finished = false;
    const kill = setTimeout(() => child.kill("SIGKILL"), opts.ms ?? 15000);
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      if (opts.until?.test(stdout)) child.stdin.end();
    });
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.stdin.on("error", () => {});
    child.on("error", (err) => {
      clearTimeout(kill);
      reject(err);
    });
    child.on("close", (code) => {
      finished = true;
      clearTimeout(kill);
      resolve({ code, stdout, stderr });
    });
    (async () => {
      for (const [delay, text] of opts.steps ?? []) {
        await sleep(delay);
        if (finished) return;
        child.stdin.write(text);
      }
      if (!opts.until) {
        await sleep(opts.holdMs ?? 0);
        if (!finished) child.stdin.end();
      }
    })();
  });
}
