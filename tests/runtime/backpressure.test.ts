import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as tls from "node:tls";
import type * as net from "node:net";
import { connectRaw, sleep, within } from "../helpers/net.ts";
import { testCert } from "../helpers/certs.ts";
import type { TlsOptions } from "../../runtime/mod.ts";
import { rt, serve } from "./harness.ts";
import { clientStartTls, type Mode, negotiate } from "./dialogue.ts";

const KiB = 1024;
const MiB = 1024 * KiB;
/** Kernel socket buffers on both ends plus the adapter's own; far below what is offered. */
const BOUND = 16 * MiB;

/** A flooding client speaking node:net / node:tls in this process. */
async function floodClient(port: number, mode: Mode, cert: TlsOptions): Promise<net.Socket> {
  if (mode === "plain") return (await connectRaw(port)).sock;
  const socket = mode === "starttls" ? (await clientStartTls(port)).sock : undefined;
  return new Promise((resolve, reject) => {
    const s = tls.connect({ port, host: "127.0.0.1", socket, ca: [cert.cert], servername: "localhost" }, () => resolve(s));
    s.once("error", reject);
  });
}

/** Write up to `total` bytes, stopping when the socket has not drained for `stallMs`. */
async function flood(sock: net.Socket, total: number, stallMs: number, deadlineMs: number): Promise<number> {
  const chunk = new Uint8Array(64 * KiB).fill(0x61);
  let pushed = 0;
  const deadline = Date.now() + deadlineMs;
  while (pushed < total && Date.now() < deadline && !sock.destroyed) {
    const ok = sock.write(chunk);
    pushed += chunk.byteLength;
    if (!ok) {
      const drained = await Promise.race([
        new Promise<boolean>((r) => sock.once("drain", () => r(true))),
        sleep(stallMs).then(() => false),
      ]);
      if (!drained) break;
    }
  }
  // Bytes node still holds in its own buffer were not taken by the server.
  return pushed - sock.writableLength;
}

/**
 * A client outside this runtime that stops reading: openssl (or cat for plain) piped into a
 * shell that sleeps `holdS` seconds before draining. The client's runtime cannot cheat, e.g.
 * by reading on while paused.
 */
function stalledClient(port: number, mode: Mode, holdS: number) {
  const client = mode === "plain"
    ? `exec 3<>/dev/tcp/127.0.0.1/${port}; cat <&3`
    : `openssl s_client -quiet ${mode === "starttls" ? "-starttls smtp " : ""}-connect 127.0.0.1:${port} 2>/dev/null`;
  const child = spawn("bash", ["-c", `${client} | { sleep ${holdS}; cat > /dev/null; }`], {
    stdio: "ignore",
    detached: true, // its own process group, so cleanup ends the whole pipeline by our PID
  });
  return {
    stop() {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    },
  };
}

for (const mode of ["plain", "tls", "starttls"] as const) {
  test(`${rt.name}: a ${mode} session that does not read bounds what a flooding client can push`, async () => {
    const cert = await testCert();
    let started = false;
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const srv = await serve({ hostname: "127.0.0.1", port: 0, tls: mode === "tls" ? cert : undefined }, async (c) => {
      const conn = await negotiate(c, mode, cert);
      // Read a little, as a session reading a command would, then stop reading.
      const r = conn.readable.getReader();
      await r.read();
      started = true;
      await released;
      // Reading resumes: the flow picks up again, proving the stall was backpressure.
      while (!(await r.read()).done);
    });
    const sock = await floodClient(srv.port, mode, cert);
    sock.on("error", () => {});
    try {
      const accepted = await flood(sock, 256 * MiB, 1000, 10_000);
      console.log(`# ${rt.name} ${mode}: a client pushed ${(accepted / MiB).toFixed(2)} MiB to a session that does not read`);
      assert.ok(started, "session started");
      assert.ok(accepted < BOUND, `pushed ${accepted} bytes`);
      assert.ok(accepted > 64 * KiB, "the flood did start");
      release();
      const more = await flood(sock, 8 * MiB, 3000, 10_000);
      assert.ok(more > 7 * MiB, `flow resumed (${more} more bytes)`);
    } finally {
      release();
      sock.destroy();
      await srv.stop();
    }
  });

  test(`${rt.name}: writing to a ${mode} client that does not read stalls the writer`, async () => {
    const cert = await testCert();
    let written = 0;
    let writing = true;
    const srv = await serve({ hostname: "127.0.0.1", port: 0, tls: mode === "tls" ? cert : undefined }, async (c) => {
      const conn = await negotiate(c, mode, cert);
      const w = conn.writable.getWriter();
      const chunk = new Uint8Array(64 * KiB).fill(0x62);
      while (writing && written < 256 * MiB) {
        await w.write(chunk);
        written += chunk.byteLength;
      }
    });
    const client = stalledClient(srv.port, mode, 4);
    try {
      // Wait until the writer stalls: no progress for 750 ms.
      let last = -1;
      let since = Date.now();
      const deadline = Date.now() + 3500;
      while (Date.now() < deadline && !(written > 0 && Date.now() - since >= 750)) {
        await sleep(50);
        if (written !== last) {
          last = written;
          since = Date.now();
        }
      }
      console.log(`# ${rt.name} ${mode}: writes resolved for ${(written / MiB).toFixed(2)} MiB to a client that does not read`);
      assert.ok(written > 0, "the writer did start");
      assert.ok(Date.now() - since >= 750, `the writer never stalled (${written} bytes)`);
      assert.ok(written < BOUND, `resolved ${written} bytes`);
      // The client drains after its hold: the writer goes on.
      const before = written;
      await within((async () => {
        while (written < before + 8 * MiB) await sleep(20);
      })(), 10_000, "writer resuming");
    } finally {
      writing = false;
      client.stop();
      await srv.stop();
    }
  });
}
