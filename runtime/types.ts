/**
 * The runtime contract: everything `src/` needs from Deno, Bun or Node, and nothing more.
 * Adapters in `adapters/` implement it; `src/` never touches a runtime API directly.
 */

/**
 * A host and port as seen on a socket. IPv6 addresses are given without brackets; IPv4 peers of
 * a dual-stack (`::`) listener are given as plain IPv4 (`1.2.3.4`, never `::ffff:1.2.3.4`).
 */
export interface Addr {
  address: string;
  port: number;
}

/** Server-side TLS material, PEM encoded. */
export interface TlsOptions {
  cert: string;
  key: string;
}

/** Client-side TLS settings for outbound connections and client-side upgrades. */
export interface ClientTlsOptions {
  /** SNI name and the name the peer certificate is checked against. */
  serverName?: string;
  /** Extra trusted CA certificates (PEM). */
  caCerts?: string[];
  /** Verify the peer certificate (default true). Opportunistic SMTP TLS sets false (works on every runtime). */
  verify?: boolean;
}

/**
 * One connection as a pair of WHATWG byte streams.
 *
 * Backpressure is real in both directions: when the consumer of `readable` stops reading,
 * the adapter stops reading from the socket (bounded buffering), and `writable`'s write
 * promises settle only once the socket has accepted the bytes into a bounded buffer.
 * The adapter reads from the socket only while a read is pending (no read-ahead queue), so a
 * client's TLS ClientHello is never swallowed as plaintext between "220" and `startTls()`.
 *
 * A peer's FIN ends the whole connection (as node's default `allowHalfOpen: false`): `readable`
 * ends, replies already written are flushed, then the socket closes. Resets and other socket
 * errors end `readable` normally (never an error) and make writes reject; nothing is thrown
 * elsewhere. Writing to the stream after the connection is gone rejects that write.
 */
export interface Conn {
  readable: ReadableStream<Uint8Array>;
  writable: WritableStream<Uint8Array>;
  remote: Addr;
  local: Addr;
  /** True once TLS is established (implicit TLS, or after startTls). */
  secure: boolean;
  /**
   * Upgrade to TLS in mid-conversation. On an accepted connection this is a server-side
   * upgrade with `TlsOptions`; on a connection made with `connect()` it is a client-side one
   * with `ClientTlsOptions`. Plaintext bytes that arrived before the upgrade and were not yet
   * read are discarded, never delivered after it. The caller must release its reader and
   * writer locks first (and drop any bytes it read past the command itself); the old streams
   * stay locked and unusable afterwards, `close()` on the old Conn closes the new one too.
   * Leave no read pending across the upgrade: bytes such a read pulls in count as plaintext.
   * Writes queued before the call are flushed before the handshake starts.
   */
  startTls(tls: TlsOptions | ClientTlsOptions): Promise<Conn>;
  /** Close now (no graceful TLS shutdown is awaited). Idempotent. */
  close(): void;
  /**
   * Settles when the connection is closed, by either side. Never rejects. A peer that leaves
   * while nobody reads may be noticed only at the next read (Bun and Deno read nothing ahead).
   */
  readonly closed: Promise<void>;
}

export interface Listener {
  addr: Addr;
  /**
   * Accepted connections (one consumer); ends when the listener is closed. With implicit TLS a
   * connection is handed out only after its handshake succeeded (30 s limit). Connections
   * accepted but not yet taken when the listener closes are closed.
   */
  accept(): AsyncIterable<Conn>;
  /** Stop accepting; the port can be bound again as soon as this settles. Open conns stay open. */
  close(): Promise<void>;
}

export interface ListenOptions {
  hostname: string;
  port: number;
  /** Present: implicit TLS on every accepted connection. */
  tls?: TlsOptions;
}

export interface ConnectOptions {
  hostname: string;
  port: number;
  /** Present: TLS from the first byte. */
  tls?: ClientTlsOptions;
}

/**
 * What an HTTP handler learns about the connection beyond the Request. No runtime reports
 * connection opens/closes through serveHttp, so the gate counts in-flight requests (all three).
 */
export interface HttpInfo {
  remote: Addr;
}

export type HttpHandler = (req: Request, info: HttpInfo) => Response | Promise<Response>;

export interface HttpServer {
  addr: Addr;
  /**
   * Stop listening and cut every connection, in-flight and streaming responses included (an
   * endless event stream must not hold a restart); settles when the port can be bound again.
   */
  close(): Promise<void>;
}

export interface Runtime {
  name: "deno" | "bun" | "node";
  listen(o: ListenOptions): Promise<Listener>;
  connect(o: ConnectOptions): Promise<Conn>;
  /** HTTP(S) through the runtime's own server (Deno.serve, Bun.serve, node:http). */
  serveHttp(o: ListenOptions, handler: HttpHandler): Promise<HttpServer>;
}
