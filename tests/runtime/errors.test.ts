import { test } from "node:test";
import assert from "node:assert/strict";
import type * as net from "node:net";
import type { Conn } from "../../runtime/mod.ts";
import { connectRaw, enc, sleep, within } from "../helpers/net.ts";
import { testCert } from "../helpers/certs.ts";
import { rt, serve } from "./harness.ts";
import { clientStartTls, negotiate } from "./dialogue.ts";

/** Collect unhandled rejections and uncaught exceptions while `fn` runs. */
async function noStrayErrors(fn: () => Promise<void>): Promise<void> {
  const stray: unknown[] = [];
  const onRejection = (reason: unknown) => stray.push(reason);
  const onEvent = (e: Event) => {
    e.preventDefault();
    stray.push((e as PromiseRejectionEvent).reason ?? (e as ErrorEvent).error);
  };
  process.on("unhandledRejection", onRejection);
  process.on("uncaughtException", onRejection);
  globalThis.addEventListener?.("unhandledrejection", onEvent);
  try {
    await fn();
    await sleep(200); // let late rejections surface
  } finally {
    process.off("unhandledRejection", onRejection);
    process.off("uncaughtException", onRejection);
    globalThis.removeEventListener?.("unhandledrejection", onEvent);
  }
  assert.deepEqual(stray, []);
}

function reset(sock: net.Socket): void {
  const s = sock as net.Socket & { resetAndDestroy?: () => void };
  try {
    s.resetAndDestroy!();
  } catch {
    s.destroy(); // a runtime without resetAndDestroy: a close still ends the session
  }
}

for (const mode of ["plain", "tls", "starttls"] as const) {
  test(`${rt.name}: a ${mode} peer resetting mid-session ends the streams cleanly`, () =>
    noStrayErrors(async () => {
      const cert = await testCert();
      let outcome: { readDone?: boolean; writeFailed?: boolean; closed?: boolean } = {};
      let accepted!: (c: Conn) => void;
      const got = new Promise<Conn>((r) => (accepted = r));
      const srv = await serve({ hostname: "127.0.0.1", port: 0, tls: mode === "tls" ? cert : undefined }, async (c) => {
        const conn = await negotiate(c, mode, cert);
        accepted(conn);
        const r = conn.readable.getReader();
        const w = conn.writable.getWriter();
        // Read until the stream ends: a reset must end it, not throw.
        while (!(await r.read()).done);
        outcome.readDone = true;
        // Writing after the peer is gone fails the write; the promise is ours to handle.
        try {
          for (let i = 0; i < 100; i++) await w.write(new Uint8Array(64 * 1024));
        } catch {
          outcome.writeFailed = true;
        }
        await conn.closed;
        outcome.closed = true;
      });
      try {
        // TLS runs over a raw TCP socket so the reset is a real RST under the TLS layer.
        const raw = mode === "starttls" ? (await clientStartTls(srv.port)).sock : (await connectRaw(srv.port)).sock;
        let sock = raw;
        if (mode !== "plain") {
          const tls = await import("node:tls");
          sock = await new Promise((resolve, reject) => {
            const s = tls.connect({ socket: raw, ca: [cert.cert], servername: "localhost" }, () => resolve(s));
            s.once("error", reject);
          });
        }
        sock.on("error", () => {});
        sock.write("partial command without end of line");
        await within(got, 3000, "accept");
        await sleep(50);
        reset(raw);
        await within(Promise.all(srv.sessions), 5000, "session end");
        assert.deepEqual(outcome, { readDone: true, writeFailed: true, closed: true });
      } finally {
        await srv.stop();
      }
    }));
}

test(`${rt.name}: conn.closed settles when the peer closes, and close() is idempotent`, () =>
  noStrayErrors(async () => {
    let serverConn!: Conn;
    let accepted!: () => void;
    const got = new Promise<void>((r) => (accepted = r));
    const srv = await serve({ hostname: "127.0.0.1", port: 0 }, async (conn) => {
      serverConn = conn;
      accepted();
      const r = conn.readable.getReader();
      while (!(await r.read()).done);
    });
    try {
      const client = await rt.connect({ hostname: "127.0.0.1", port: srv.port });
      await within(got, 3000, "accept");
      // The client side closes: the server side's closed settles.
      client.close();
      client.close();
      await within(client.closed, 3000, "client closed");
      await within(serverConn.closed, 3000, "server closed after peer close");
      serverConn.close();
      // Writing to a closed conn rejects; reading ends.
      await assert.rejects(client.writable.getWriter().write(enc("late")));
      assert.equal((await client.readable.getReader().read()).done, true);
    } finally {
      await srv.stop();
    }
  }));

test(`${rt.name}: close() during a pending read ends the read, and during a stalled write fails it`, () =>
  noStrayErrors(async () => {
    const srv = await serve({ hostname: "127.0.0.1", port: 0 }, async (conn) => {
      await conn.closed; // never reads
    });
    try {
      const conn = await rt.connect({ hostname: "127.0.0.1", port: srv.port });
      const r = conn.readable.getReader();
      const pending = r.read();
      const w = conn.writable.getWriter();
      // Fill the path until a write stalls (the server never reads).
      let stalled: Promise<void> | undefined;
      for (let i = 0; i < 1000 && !stalled; i++) {
        const p = w.write(new Uint8Array(256 * 1024));
        const done = await Promise.race([p.then(() => true), sleep(200).then(() => false)]);
        if (!done) stalled = p;
      }
      assert.ok(stalled, "a write stalled");
      conn.close();
      assert.equal((await within(pending, 3000, "pending read")).done, true);
      await assert.rejects(within(stalled!, 3000, "stalled write"));
      await within(conn.closed, 3000, "closed");
    } finally {
      await srv.stop();
    }
  }));
