/**
 * A node:net / node:tls socket as a Conn: the Node adapter's connections, and the TLS side of
 * Deno's STARTTLS / verify:false upgrades (adapters/tls-over-transport.ts).
 */
import type { Socket } from "node:net";
import { isIP } from "node:net";
import { TLSSocket, connect as tlsConnect, createSecureContext } from "node:tls";
import type { Addr, ClientTlsOptions, Conn, TlsOptions } from "../runtime/types.ts";
import { addr, closedError, HANDSHAKE_TIMEOUT_MS } from "./common.ts";
import { pushReadable, type PushSource } from "./push-readable.ts";

export type Role = "server" | "client";

/**
 * `addrs`: for a TLS socket over a JS stream, which knows no addresses. `flow`: how to stop and
 * restart reading when `sock.pause()` is not enough (see adapters/tls-over-transport.ts).
 */
export function nodeSocketConn(
  sock: Socket,
  role: Role,
  secure: boolean,
  addrs?: { remote: Addr; local: Addr },
  flow?: PushSource,
): Conn {
  return new NodeConn(sock, role, secure, addrs, flow);
}

class NodeConn implements Conn {
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;
  readonly remote;
  readonly local;
  readonly secure: boolean;
  readonly closed: Promise<void>;
  #sock: Socket;
  #role: Role;
  #resolveClosed!: () => void;
  #writeCtrl!: WritableStreamDefaultController;
  #pendingWrite: ((err?: Error) => void) | undefined;
  #detached = false;
  #upgraded: Conn | undefined;
  #feed;
  #off: () => void;

  constructor(sock: Socket, role: Role, secure: boolean, addrs?: { remote: Addr; local: Addr }, flow?: PushSource) {
    this.#sock = sock;
    this.#role = role;
    this.secure = secure;
    this.remote = addrs?.remote ?? addr(sock.remoteAddress, sock.remotePort);
    this.local = addrs?.local ?? addr(sock.localAddress, sock.localPort);
    this.closed = new Promise((r) => (this.#resolveClosed = r));
    // Replies go out in small pieces (one per line, TLS records): none may wait for Nagle.
    if (!sock.destroyed) sock.setNoDelay?.(true);
    this.#feed = pushReadable(flow ?? sock);
    this.readable = this.#feed.readable;
    this.writable = new WritableStream<Uint8Array>({
      start: (c) => void (this.#writeCtrl = c),
      write: (chunk) => this.#write(chunk),
      close: () => this.#end(),
      abort: () => void sock.destroy(),
    });
    const onData = (b: Buffer) => this.#feed.push(new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
    const onEnd = () => this.#feed.end();
    const onError = (err: Error) => this.#gone(err);
    const onClose = () => this.#gone();
    sock.on("data", onData);
    sock.on("end", onEnd);
    sock.on("error", onError);
    sock.on("close", onClose);
    this.#off = () => {
      sock.off("data", onData);
      sock.off("end", onEnd);
      sock.off("close", onClose);
      // Keep an error listener: a stray error on a detached socket must not crash the process.
      sock.off("error", onError);
      sock.on("error", () => {});
    };
    if (sock.destroyed) this.#gone();
  }

  #write(chunk: Uint8Array): Promise<void> {
    const sock = this.#sock;
    if (this.#detached || sock.destroyed || !sock.writable) return Promise.reject(closedError());
    if (chunk.byteLength === 0) return Promise.resolve();
    // Settle only when node handed the bytes to the kernel (the write callback), so at most one
    // chunk sits in node's buffer: a peer that stops reading stalls the writer, not memory.
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (err?: Error | null) => {
        if (settled) return;
        settled = true;
        this.#pendingWrite = undefined;
        if (err) reject(err);
        else resolve();
      };
      this.#pendingWrite = settle;
      // node calls back without an error for a write cut short by destroy(): it did not land.
      sock.write(chunk, (err) => settle(err ?? (sock.destroyed ? closedError() : null)));
    });
  }

  #end(): Promise<void> {
    const sock = this.#sock;
    if (this.#detached || sock.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      sock.once("close", () => resolve());
      sock.end(() => resolve());
    });
  }

  #gone(err?: Error): void {
    if (this.#detached) return;
    this.#feed.end();
    const e = err ?? closedError();
    this.#pendingWrite?.(e);
    try {
      this.#writeCtrl.error(e);
    } catch {
      // already errored or closed
    }
    if (this.#sock.destroyed || !err) this.#resolveClosed();
    else this.#sock.destroy();
  }

  close(): void {
    if (this.#upgraded) return this.#upgraded.close();
    this.#sock.destroy();
  }

  async startTls(tls: TlsOptions | ClientTlsOptions): Promise<Conn> {
    if (this.secure || this.#detached) throw new Error("startTls: connection is already TLS or upgraded");
    if (this.readable.locked || this.writable.locked) {
      throw new TypeError("startTls: release the reader and writer locks first");
    }
    // Let replies the caller queued without awaiting ("220 go ahead") reach the socket first.
    const writer = this.writable.getWriter();
    await writer.write(new Uint8Array(0)).catch(() => {});
    const sock = this.#sock;
    if (sock.destroyed) throw closedError();
    // Plaintext that reached our queue is never delivered: cancelling drops the queue, and the
    // old streams stay locked by us so they cannot be used again.
    sock.pause();
    await this.readable.cancel().catch(() => {});
    this.readable.getReader();
    this.#detached = true;
    this.#off();
    const tlsSock = this.#role === "server" ? serverUpgrade(sock, tls as TlsOptions) : clientUpgrade(sock, tls as ClientTlsOptions);
    this.#upgraded = nodeSocketConn(tlsSock, this.#role, true, { remote: this.remote, local: this.local });
    this.#upgraded.closed.then(this.#resolveClosed);
    try {
      await handshake(tlsSock, this.#role);
    } catch (err) {
      tlsSock.destroy();
      throw err;
    }
    return this.#upgraded;
  }
}

function serverUpgrade(sock: Socket, tls: TlsOptions): TLSSocket {
  return new TLSSocket(sock, { isServer: true, secureContext: createSecureContext({ cert: tls.cert, key: tls.key }) });
}

/** Client-side TLS options for node:tls; SNI only for names (RFC 6066 forbids IP literals). */
export function nodeClientTls(host: string, tls: ClientTlsOptions) {
  const name = tls.serverName ?? host;
  return {
    host: name,
    servername: isIP(name) ? undefined : name,
    ca: tls.caCerts?.length ? tls.caCerts : undefined,
    rejectUnauthorized: tls.verify ?? true,
  };
}

function clientUpgrade(sock: Socket, tls: ClientTlsOptions): TLSSocket {
  return tlsConnect({ socket: sock, ...nodeClientTls(sock.remoteAddress ?? "", tls) });
}

/** Wait for a TLS socket's handshake; errors, early close and a stall all reject. */
export function handshake(s: TLSSocket, role: Role): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      clearTimeout(timer);
      s.off(role === "server" ? "secure" : "secureConnect", ok);
      s.off("error", done);
      s.off("close", early);
      if (err) reject(err);
      else resolve();
    };
    const ok = () => done();
    const early = () => done(closedError("connection closed during TLS handshake"));
    const timer = setTimeout(() => done(new Error("TLS handshake timed out")), HANDSHAKE_TIMEOUT_MS);
    s.once(role === "server" ? "secure" : "secureConnect", ok);
    s.once("error", done);
    s.once("close", early);
  });
}
