/**
 * One Bun socket as a Conn. Bun sockets share one handler set per listener and carry
 * per-connection state in `data`; each handler forwards to the BunConn stored there. Bun does
 * not buffer writes: `write()` returns how many bytes the kernel took, and the `drain` handler
 * says when to send the rest.
 */
import type { ClientTlsOptions, Conn, TlsOptions } from "../runtime/types.ts";
import { addr, closedError, HANDSHAKE_TIMEOUT_MS } from "./common.ts";
import { pushReadable, type PushReadable } from "./push-readable.ts";

/** The slice of Bun's socket API this adapter uses (Bun's types are not installed). */
export interface BunSocket {
  data: BunConn | undefined;
  write(d: Uint8Array): number;
  end(): void;
  terminate(): void;
  pause(): void;
  resume(): void;
  timeout(seconds: number): void;
  setNoDelay?(on: boolean): boolean;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly localAddress: string;
  readonly localPort: number;
  upgradeTLS(o: { tls: Record<string, unknown>; socket: Handlers; data?: BunConn }): [BunSocket, BunSocket];
}
export interface Handlers {
  open?(s: BunSocket): void;
  data(s: BunSocket, d: Uint8Array): void;
  drain(s: BunSocket): void;
  end(s: BunSocket): void;
  close(s: BunSocket, err?: Error): void;
  error(s: BunSocket, err: Error): void;
  timeout(s: BunSocket): void;
  handshake?(s: BunSocket, success: boolean, authorizationError: Error | null): void;
}
type Role = "server" | "client";

export class BunConn implements Conn {
  readable!: ReadableStream<Uint8Array>;
  writable: WritableStream<Uint8Array>;
  remote = addr("", 0);
  local = addr("", 0);
  readonly secure: boolean;
  readonly closed: Promise<void>;
  /** Settles when a TLS handshake finished (or at once for plain connections). */
  readonly ready: Promise<void>;
  #resolveReady!: () => void;
  #rejectReady!: (e: Error) => void;
  #resolveClosed!: () => void;
  #sock: BunSocket | undefined;
  #role: Role;
  #verify: boolean;
  #feed!: PushReadable;
  #writeCtrl!: WritableStreamDefaultController;
  #pending: { rest: Uint8Array; resolve(): void; reject(e: Error): void } | undefined;
  #gone = false;
  #ending = false;
  #detached = false;
  #upgraded: Conn | undefined;

  constructor(role: Role, secure: boolean, verify = true) {
    this.#role = role;
    this.secure = secure;
    this.#verify = verify;
    this.closed = new Promise((r) => (this.#resolveClosed = r));
    this.ready = new Promise((res, rej) => {
      this.#resolveReady = res;
      this.#rejectReady = rej;
    });
    this.ready.catch(() => {});
    this.writable = new WritableStream<Uint8Array>({
      start: (c) => void (this.#writeCtrl = c),
      write: (chunk) => this.#write(chunk),
      close: () => this.#end(),
      abort: () => this.close(),
    });
  }

  /** Called from the open handler, when Bun hands us the socket. */
  attach(s: BunSocket): void {
    this.#sock = s;
    this.remote = addr(s.remoteAddress, s.remotePort);
    this.local = addr(s.localAddress, s.localPort);
    this.#feed = pushReadable(s, !this.secure);
    // Replies go out in small pieces (one per line, TLS records): none may wait for Nagle.
    s.setNoDelay?.(true);
    this.readable = this.#feed.readable;
    if (this.secure) s.timeout(HANDSHAKE_TIMEOUT_MS / 1000);
    else this.#resolveReady();
  }

  onHandshake(ok: boolean, authErr: Error | null): void {
    this.#sock?.timeout(0);
    // Bun reports `ok: false` for an unverified peer too. A server does not ask for client
    // certificates, and a client with verify: false accepts any; a broken handshake closes the
    // socket, which rejects `ready` through onClose.
    const err = this.#role === "client" && this.#verify && (!ok || authErr) ? authErr ?? new Error("TLS handshake failed") : null;
    if (err) {
      this.#rejectReady(err);
      this.close();
    } else this.#resolveReady();
  }

  onData(d: Uint8Array): void {
    if (!this.#detached) this.#feed.push(d);
  }

  onDrain(): void {
    const p = this.#pending;
    if (!p || !this.#sock) return;
    const n = this.#sock.write(p.rest);
    if (n < 0) return this.onClose(closedError());
    if (n === p.rest.byteLength) {
      this.#pending = undefined;
      p.resolve();
      if (this.#ending) this.#sock.end();
    } else p.rest = p.rest.subarray(n);
  }

  onEnd(): void {
    // Like node's default allowHalfOpen: false, a peer's FIN ends the whole connection, once
    // the reply being written has gone out.
    if (this.#detached) return;
    this.#feed.end();
    this.#ending = true;
    if (!this.#pending) this.#sock?.end();
  }

  onTimeout(): void {
    this.#rejectReady(new Error("TLS handshake timed out"));
    this.close();
  }

  onClose(err?: Error): void {
    if (this.#gone) return;
    this.#gone = true;
    const e = err ?? closedError();
    this.#rejectReady(e);
    this.#feed?.end();
    this.#pending?.reject(e);
    this.#pending = undefined;
    try {
      this.#writeCtrl.error(e);
    } catch {
      // already errored
    }
    if (!this.#upgraded) this.#resolveClosed();
  }

  #write(chunk: Uint8Array): Promise<void> {
    const s = this.#sock;
    if (!s || this.#gone || this.#detached || this.#ending) return Promise.reject(closedError());
    if (chunk.byteLength === 0) return Promise.resolve();
    const n = s.write(chunk);
    if (n < 0) return Promise.reject(closedError());
    if (n === chunk.byteLength) return Promise.resolve();
    // The kernel took part of it: keep the rest (one chunk at most) until the drain handler.
    return new Promise((resolve, reject) => (this.#pending = { rest: chunk.subarray(n), resolve, reject }));
  }

  #end(): Promise<void> {
    // Bun buffers nothing, so every byte written so far is with the kernel: send FIN now.
    if (!this.#gone && !this.#detached) {
      this.#ending = true;
      this.#sock?.end();
    }
    return Promise.resolve();
  }

  close(): void {
    if (this.#upgraded) return this.#upgraded.close();
    if (this.#gone) return;
    this.#sock?.terminate();
    // Settle now whether or not Bun calls the close handler for a terminated socket.
    this.onClose();
  }

  async startTls(tls: TlsOptions | ClientTlsOptions): Promise<Conn> {
    const s = this.#sock;
    if (this.secure || this.#detached || !s) throw new Error("startTls: connection is already TLS or upgraded");
    if (this.readable.locked || this.writable.locked) {
      throw new TypeError("startTls: release the reader and writer locks first");
    }
    // Flush replies queued without awaiting ("220 go ahead") before the handshake starts: writes
    // run in order, so this empty one settles after every earlier one (drains included).
    const writer = this.writable.getWriter();
    await writer.write(new Uint8Array(0)).catch(() => {});
    if (this.#gone) throw closedError();
    // Plaintext queued but not read is dropped with the old stream, never delivered after TLS.
    await this.readable.cancel().catch(() => {});
    this.readable.getReader();
    this.#detached = true;
    const verify = this.#role === "client" ? (tls as ClientTlsOptions).verify ?? true : true;
    const next = new BunConn(this.#role, true, verify);
    this.#upgraded = next;
    next.closed.then(this.#resolveClosed);
    // The raw socket drives the TLS layer: it must read again. Bun keeps calling the raw data
    // handler with the encrypted bytes afterwards; #detached makes this conn ignore them.
    s.resume();
    s.upgradeTLS({ tls: this.#role === "server" ? serverTls(tls as TlsOptions) : clientTls(this.remote.address, tls as ClientTlsOptions), socket: handlers, data: next });
    try {
      await next.ready;
    } catch (err) {
      next.close();
      throw err;
    }
    return next;
  }
}

export const serverTls = (t: TlsOptions) => ({ cert: t.cert, key: t.key });

export function clientTls(host: string, t: ClientTlsOptions) {
  return {
    serverName: t.serverName ?? host,
    ca: t.caCerts?.length ? t.caCerts : undefined,
    rejectUnauthorized: t.verify ?? true,
  };
}

export const handlers: Handlers = {
  open: (s) => s.data?.attach(s),
  data: (s, d) => s.data?.onData(d),
  drain: (s) => s.data?.onDrain(),
  end: (s) => s.data?.onEnd(),
  close: (s, err) => s.data?.onClose(err),
  error: (s, err) => s.data?.onClose(err),
  timeout: (s) => s.data?.onTimeout(),
  handshake: (s, ok, err) => s.data?.onHandshake(ok, err),
};
