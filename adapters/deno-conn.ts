/**
 * A native Deno.Conn / Deno.TlsConn as a Conn. Reads are pull-driven (one `read()` per consumer
 * read, 64 KiB buffer), so nothing is read ahead; writes settle when the kernel took every byte.
 */
import type { ClientTlsOptions, Conn, TlsOptions } from "../runtime/types.ts";
import { addr, closedError } from "./common.ts";
import { tlsOverTransport, type Transport } from "./tls-over-transport.ts";

export interface DenoNetAddr {
  hostname: string;
  port: number;
}
export interface DenoConnLike {
  read(p: Uint8Array): Promise<number | null>;
  write(p: Uint8Array): Promise<number>;
  close(): void;
  readonly remoteAddr: DenoNetAddr;
  readonly localAddr: DenoNetAddr;
}
export type DenoStartTls = (conn: DenoConnLike, o: { hostname?: string; caCerts?: string[] }) => Promise<DenoConnLike>;

const READ_SIZE = 64 * 1024;

export class DenoConn implements Conn {
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;
  readonly remote;
  readonly local;
  readonly secure: boolean;
  readonly closed: Promise<void>;
  #conn: DenoConnLike;
  #role: "server" | "client";
  #startTls: DenoStartTls | undefined;
  #resolveClosed!: () => void;
  #isClosed = false;
  /** The read in flight, if any: reads are never concurrent on one resource. */
  #inflight: Promise<Uint8Array | null> | undefined;
  #writing: Promise<unknown> = Promise.resolve();
  #readCtrl!: ReadableStreamDefaultController<Uint8Array>;
  #writeCtrl!: WritableStreamDefaultController;
  #detached = false;
  #upgraded: Conn | undefined;

  /** `startTls`: Deno.startTls, for client connections that may be upgraded natively. */
  constructor(conn: DenoConnLike, role: "server" | "client", secure: boolean, startTls?: DenoStartTls) {
    this.#conn = conn;
    this.#role = role;
    this.secure = secure;
    this.#startTls = startTls;
    // Small replies written in pieces (TLS records, multi-line responses) must not wait for
    // Nagle + delayed ACK: measured 85 ms per round trip after STARTTLS without this.
    (conn as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
    this.remote = addr(conn.remoteAddr.hostname, conn.remoteAddr.port);
    this.local = addr(conn.localAddr.hostname, conn.localAddr.port);
    this.closed = new Promise((r) => (this.#resolveClosed = r));
    this.readable = new ReadableStream<Uint8Array>(
      {
        start: (c) => void (this.#readCtrl = c),
        pull: (c) => this.#pull(c),
        cancel: () => {},
      },
      { highWaterMark: 0 },
    );
    this.writable = new WritableStream<Uint8Array>({
      start: (c) => void (this.#writeCtrl = c),
      write: (chunk) => {
        const p = this.#write(chunk);
        this.#writing = p.catch(() => {});
        return p;
      },
      close: () => this.close(),
      abort: () => this.close(),
    });
  }

  /** One read from the resource; null at end of stream or on any error (reset, closed). */
  #read(): Promise<Uint8Array | null> {
    const prev = this.#inflight ?? Promise.resolve(null);
    const p = prev.then(async () => {
      if (this.#isClosed) return null;
      const buf = new Uint8Array(READ_SIZE);
      const n = await this.#conn.read(buf).catch(() => null);
      return n === null ? null : buf.subarray(0, n);
    });
    this.#inflight = p;
    p.finally(() => {
      if (this.#inflight === p) this.#inflight = undefined;
    });
    return p;
  }

  async #pull(c: ReadableStreamDefaultController<Uint8Array>): Promise<void> {
    if (this.#isClosed || this.#detached) return void tryClose(c);
    const b = await this.#read();
    if (this.#detached) return; // read for the old stream before an upgrade: plaintext, dropped
    if (b === null) {
      tryClose(c);
      // A peer's FIN ends the whole connection, as on node and Bun; let queued replies go first.
      this.#writing.then(() => this.close());
      return;
    }
    c.enqueue(b);
  }

  async #write(chunk: Uint8Array): Promise<void> {
    let off = 0;
    while (off < chunk.byteLength) {
      if (this.#isClosed) throw closedError();
      try {
        off += await this.#conn.write(chunk.subarray(off));
      } catch (err) {
        this.close();
        throw err;
      }
    }
  }

  close(): void {
    if (this.#isClosed) return;
    this.#isClosed = true;
    // After an upgrade this conn is either consumed (Deno.startTls) or the transport under
    // node:tls; closing both covers each case.
    this.#upgraded?.close();
    try {
      this.#conn.close();
    } catch {
      // already closed by the runtime, or consumed by Deno.startTls
    }
    tryClose(this.#readCtrl);
    try {
      this.#writeCtrl.error(closedError());
    } catch {
      // already errored or closed
    }
    this.#resolveClosed();
  }

  async startTls(tls: TlsOptions | ClientTlsOptions): Promise<Conn> {
    if (this.secure || this.#detached) throw new Error("startTls: connection is already TLS or upgraded");
    if (this.readable.locked || this.writable.locked) {
      throw new TypeError("startTls: release the reader and writer locks first");
    }
    // Let replies queued without awaiting ("220 go ahead") reach the socket first.
    const writer = this.writable.getWriter();
    await writer.write(new Uint8Array(0)).catch(() => {});
    if (this.#isClosed) throw closedError();
    // Plaintext that was read but not consumed goes with the old streams, which stay locked.
    await this.readable.cancel().catch(() => {});
    this.readable.getReader();
    this.#detached = true;
    const o = tls as ClientTlsOptions;
    let next: Conn;
    try {
      if (this.#role === "client" && o.verify !== false && this.#startTls) {
        next = await this.#nativeClientTls(o);
      } else {
        // Deno.startTls is client-only and always verifies the chain: a server-side upgrade,
        // and an opportunistic client one (verify: false), run node:tls over this connection.
        const t: Transport = {
          read: () => this.#read(),
          write: (b) => this.#write(b),
          close: () => this.close(),
        };
        const addrs = { remote: this.remote, local: this.local };
        next = await tlsOverTransport(
          t,
          this.#role === "server" ? { role: "server", tls: tls as TlsOptions } : { role: "client", tls: o },
          addrs,
        );
      }
    } catch (err) {
      this.close();
      throw err;
    }
    this.#upgraded = next;
    next.closed.then(this.#resolveClosed);
    return next;
  }

  async #nativeClientTls(o: ClientTlsOptions): Promise<Conn> {
    // Deno.startTls fails on a resource with a read in flight; wait out the dropped one.
    await this.#inflight;
    const tlsConn = await this.#startTls!(this.#conn, { hostname: o.serverName ?? this.remote.address, caCerts: o.caCerts });
    const next = new DenoConn(tlsConn, "client", true);
    try {
      await handshakeOf(tlsConn);
    } catch (err) {
      next.close();
      throw err;
    }
    return next;
  }
}

/** Finish a lazily started Deno TLS handshake so failures surface at connect/upgrade time. */
export function handshakeOf(c: DenoConnLike): Promise<unknown> {
  const h = (c as { handshake?: () => Promise<unknown> }).handshake;
  return h ? h.call(c) : Promise.resolve();
}

function tryClose(c: ReadableStreamDefaultController<Uint8Array>): void {
  try {
    c.close();
  } catch {
    // already closed or cancelled
  }
}
