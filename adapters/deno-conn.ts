/**
 * A native Deno.Conn / Deno.TlsConn as a Conn. Reads are pull-driven (one `read()` per consumer
 * read, 64 KiB buffer), so nothing is read ahead; writes settle when the kernel took every byte.
 */
import type { ClientTlsOptions, Conn, TlsOptions } from "../runtime/types.ts";
import { addr, closedError } from "./addr.ts";
import { clientTlsOverStreams } from "./node-socket.ts";

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
  #startTls: DenoStartTls | undefined;
  #resolveClosed!: () => void;
  #isClosed = false;
  #reading = false;
  #writing: Promise<unknown> = Promise.resolve();
  #readCtrl!: ReadableStreamDefaultController<Uint8Array>;
  #writeCtrl!: WritableStreamDefaultController;
  #detached = false;
  #upgraded: Conn | undefined;

  /** `startTls` present: a client connection that may be upgraded with Deno.startTls. */
  constructor(conn: DenoConnLike, secure: boolean, startTls?: DenoStartTls) {
    this.#conn = conn;
    this.secure = secure;
    this.#startTls = startTls;
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

  async #pull(c: ReadableStreamDefaultController<Uint8Array>): Promise<void> {
    if (this.#isClosed || this.#detached) return void tryClose(c);
    const buf = new Uint8Array(READ_SIZE);
    let n: number | null;
    this.#reading = true;
    try {
      n = await this.#conn.read(buf);
    } catch {
      n = null; // reset, closed under us: the stream just ends
    } finally {
      this.#reading = false;
    }
    if (this.#detached) return;
    if (n === null) {
      tryClose(c);
      // A peer's FIN ends the whole connection, as on node and Bun; let queued replies go first.
      this.#writing.then(() => this.close());
      return;
    }
    c.enqueue(buf.subarray(0, n));
  }

  async #write(chunk: Uint8Array): Promise<void> {
    let off = 0;
    while (off < chunk.byteLength) {
      if (this.#isClosed || this.#detached) throw closedError();
      try {
        off += await this.#conn.write(chunk.subarray(off));
      } catch (err) {
        this.close();
        throw err;
      }
    }
  }

  close(): void {
    // After an upgrade this conn is either consumed (Deno.startTls) or the transport under
    // node:tls (verify: false); closing both covers each case.
    this.#upgraded?.close();
    if (this.#isClosed) return;
    this.#isClosed = true;
    try {
      this.#conn.close();
    } catch {
      // already closed by the runtime
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
    if (this.secure || this.#detached || !this.#startTls) {
      throw new Error("startTls: only a plain connection made with connect() can be upgraded here");
    }
    if (this.readable.locked || this.writable.locked) {
      throw new TypeError("startTls: release the reader and writer locks first");
    }
    // Deno.startTls refuses a connection with a read in flight; one that never completes (the
    // server waits for our ClientHello) would hang the upgrade, so say so instead.
    if (this.#reading) throw new Error("startTls: a read is still pending on this connection");
    const o = tls as ClientTlsOptions;
    const writer = this.writable.getWriter();
    await writer.write(new Uint8Array(0)).catch(() => {});
    if (this.#isClosed) throw closedError();
    if (o.verify === false) {
      // Deno.startTls always verifies the chain; opportunistic SMTP TLS must accept any cert.
      // Deno's node:tls can (rejectUnauthorized: false) and runs over our own streams, which
      // have read nothing ahead (reads are pull-driven), so there is no plaintext to drop.
      writer.releaseLock();
      const next = await clientTlsOverStreams(this.readable, this.writable, o, { remote: this.remote, local: this.local });
      this.#upgraded = next;
      next.closed.then(this.#resolveClosed);
      return next;
    }
    await this.readable.cancel().catch(() => {});
    this.readable.getReader();
    this.#detached = true;
    const tlsConn = await this.#startTls(this.#conn, {
      hostname: o.serverName ?? this.remote.address,
      caCerts: o.caCerts,
    }).catch((err) => {
      this.#isClosed = true;
      this.#resolveClosed();
      throw err;
    });
    const next = new DenoConn(tlsConn, true);
    this.#upgraded = next;
    next.closed.then(this.#resolveClosed);
    await handshakeOf(tlsConn).catch((err) => {
      next.close();
      throw err;
    });
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
