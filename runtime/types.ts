/**
 * The runtime contract: everything `src/` needs from Deno, Bun or Node, and nothing more.
 * Adapters in `adapters/` implement it; `src/` never touches a runtime API directly.
 */

/** A host and port as seen on a socket. IPv6 addresses are given without brackets. */
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
  /** Verify the peer certificate (default true). Opportunistic SMTP TLS sets false. */
  verify?: boolean;
}

/**
 * One connection as a pair of WHATWG byte streams.
 *
 * Backpressure is real in both directions: when the consumer of `readable` stops reading,
 * the adapter stops reading from the socket (bounded buffering), and `writable`'s write
 * promises settle only once the socket has accepted the bytes into a bounded buffer.
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
   * writer locks first; the old streams are unusable afterwards.
   */
  startTls(tls: TlsOptions | ClientTlsOptions): Promise<Conn>;
  /** Close now (no graceful TLS shutdown is awaited). Idempotent. */
  close(): void;
  /** Settles when the connection is closed, by either side. Never rejects. */
  readonly closed: Promise<void>;
}

export interface Listener {
  addr: Addr;
  /** Accepted connections; ends when the listener is closed. */
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

/** What an HTTP handler learns about the connection beyond the Request. */
export interface HttpInfo {
  remote: Addr;
}

export type HttpHandler = (req: Request, info: HttpInfo) => Response | Promise<Response>;

export interface HttpServer {
  addr: Addr;
  close(): Promise<void>;
}

export interface Runtime {
  name: "deno" | "bun" | "node";
  listen(o: ListenOptions): Promise<Listener>;
  connect(o: ConnectOptions): Promise<Conn>;
  /** HTTP(S) through the runtime's own server (Deno.serve, Bun.serve, node:http). */
  serveHttp(o: ListenOptions, handler: HttpHandler): Promise<HttpServer>;
}
