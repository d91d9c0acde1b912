/**
 * The Deno adapter: Deno.listenTls / Deno.connect / Deno.startTls / Deno.serve,
 * and Deno's node:net / node:tls compatibility layer where the native API cannot do what the
 * contract needs (each case says why below).
 */
import type {
  Conn,
  ConnectOptions,
  HttpHandler,
  HttpServer,
  Listener,
  ListenOptions,
  Runtime,
} from "../runtime/types.ts";
import { normaliseListenError } from "../runtime/errors.ts";
import { AcceptQueue } from "./accept-queue.ts";
import { addr, HANDSHAKE_TIMEOUT_MS } from "./addr.ts";
import { DenoConn, type DenoConnLike, type DenoNetAddr, type DenoStartTls, handshakeOf } from "./deno-conn.ts";
import { connectNode, listenNode } from "./node-net.ts";

/** The slice of the Deno namespace this adapter uses (Deno's types are not in tsconfig). */
interface DenoListener {
  accept(): Promise<DenoConnLike>;
  close(): void;
  readonly addr: DenoNetAddr;
}
interface DenoNs {
  listenTls(o: { hostname: string; port: number; cert: string; key: string }): DenoListener;
  connect(o: { hostname: string; port: number }): Promise<DenoConnLike>;
  startTls: DenoStartTls;
  serve(
    o: Record<string, unknown>,
    handler: (req: Request, info: { remoteAddr: DenoNetAddr }) => Response | Promise<Response>,
  ): { addr: DenoNetAddr; shutdown(): Promise<void>; finished: Promise<void> };
}
const Deno = (globalThis as unknown as { Deno: DenoNs }).Deno;

async function listen(o: ListenOptions): Promise<Listener> {
  // Deno.startTls is client-only: Deno has no native way to turn an accepted plain connection
  // into a server-side TLS one. Every plain listener may be asked for STARTTLS, so plain ports
  // listen through node:net, whose node:tls TLSSocket can upgrade in place (the socket is
  // paused first, see adapters/node-socket.ts; DESIGN.md measured ~50% failures without it).
  if (!o.tls) return listenNode(o);
  let ln: DenoListener;
  try {
    ln = Deno.listenTls({ hostname: o.hostname, port: o.port, cert: o.tls.cert, key: o.tls.key });
  } catch (err) {
    throw normaliseListenError(err, o.hostname, o.port);
  }
  const queue = new AcceptQueue();
  let open = true;
  (async () => {
    while (open) {
      let c: DenoConnLike;
      try {
        c = await ln.accept();
      } catch {
        // Closed listener (BadResource/Interrupted), or a failed accept we cannot act on.
        if (!open) break;
        continue;
      }
      // Handshake concurrently, so one slow client cannot stall accepting the others; only
      // connections with TLS up are handed out, as on the other runtimes.
      handshakeWithin(c).then(() => queue.push(new DenoConn(c, true)), () => {
        try {
          c.close();
        } catch {
          // already gone
        }
      });
    }
  })();
  return {
    addr: addr(ln.addr.hostname, ln.addr.port),
    accept: () => queue.iterate(),
    close() {
      if (open) {
        open = false;
        ln.close();
        queue.end();
      }
      return Promise.resolve();
    },
  };
}

function handshakeWithin(c: DenoConnLike): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout>;
  return Promise.race([
    handshakeOf(c),
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error("TLS handshake timed out")), HANDSHAKE_TIMEOUT_MS))),
  ]).finally(() => clearTimeout(timer));
}

async function connect(o: ConnectOptions): Promise<Conn> {
  // Deno.connectTls and Deno.startTls always verify the peer's chain; there is no option to
  // accept an unverifiable certificate, which opportunistic SMTP TLS (verify: false) needs.
  // Those connections go through node:tls, which has rejectUnauthorized: false.
  if (o.tls?.verify === false) return connectNode(o);
  if (o.tls) {
    // Deno.connectTls dials the name it verifies; connect + startTls keeps "where to connect"
    // and "which name to check" apart (an MX's IP address vs its host name).
    const plain = await Deno.connect({ hostname: o.hostname, port: o.port });
    let c: DenoConnLike;
    try {
      c = await Deno.startTls(plain, { hostname: o.tls.serverName ?? o.hostname, caCerts: o.tls.caCerts });
      await handshakeOf(c);
    } catch (err) {
      try {
        plain.close();
      } catch {
        // consumed by startTls and closed with it
      }
      throw err;
    }
    return new DenoConn(c, true);
  }
  return new DenoConn(await Deno.connect({ hostname: o.hostname, port: o.port }), false, Deno.startTls);
}

function serveHttp(o: ListenOptions, handler: HttpHandler): Promise<HttpServer> {
  return new Promise((resolve, reject) => {
    let server: ReturnType<DenoNs["serve"]>;
    try {
      server = Deno.serve(
        {
          hostname: o.hostname,
          port: o.port,
          ...(o.tls ? { cert: o.tls.cert, key: o.tls.key } : {}),
          onListen: () => {},
          onError: () => new Response("internal error", { status: 500 }),
        },
        (req, info) => handler(req, { remote: addr(info.remoteAddr.hostname, info.remoteAddr.port) }),
      );
    } catch (err) {
      return reject(normaliseListenError(err, o.hostname, o.port));
    }
    resolve({
      addr: addr(server.addr.hostname, server.addr.port),
      close: () => server.shutdown(),
    });
  });
}

export const runtime: Runtime = { name: "deno", listen, connect, serveHttp };
