/**
 * The Deno adapter: Deno.listen / listenTls / connect / connectTls / startTls / serve.
 * Deno has no server-side STARTTLS and no way to skip certificate checks; for those upgrades
 * node:tls runs over the native connection (adapters/deno-conn.ts, tls-over-transport.ts).
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
import { addr, HANDSHAKE_TIMEOUT_MS } from "./common.ts";
import { DenoConn, type DenoConnLike, type DenoNetAddr, type DenoStartTls, handshakeOf } from "./deno-conn.ts";

/** The slice of the Deno namespace this adapter uses (Deno's types are not in tsconfig). */
interface DenoListener {
  accept(): Promise<DenoConnLike>;
  close(): void;
  readonly addr: DenoNetAddr;
}
interface DenoNs {
  listen(o: { hostname: string; port: number }): DenoListener;
  connectTls(o: { hostname: string; port: number; caCerts?: string[] }): Promise<DenoConnLike>;
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
  let ln: DenoListener;
  try {
    ln = o.tls
      ? Deno.listenTls({ hostname: o.hostname, port: o.port, cert: o.tls.cert, key: o.tls.key })
      : Deno.listen({ hostname: o.hostname, port: o.port });
  } catch (err) {
    throw normaliseListenError(err, o.hostname, o.port);
  }
  const queue = new AcceptQueue();
  let open = true;
  const loop = (async () => {
    while (open) {
      let c: DenoConnLike;
      try {
        c = await ln.accept();
      } catch {
        // Closed listener (BadResource/Interrupted), or a failed accept (EMFILE...): back off
        // a little rather than spin.
        if (!open) break;
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      if (!o.tls) {
        // Plain connections upgrade with node:tls over the native socket on STARTTLS; see
        // DenoConn.startTls for why not Deno's node:net/node:tls route.
        queue.push(new DenoConn(c, "server", false));
        continue;
      }
      // Handshake concurrently, so one slow client cannot stall accepting the others; only
      // connections with TLS up are handed out, as on the other runtimes.
      handshakeWithin(c).then(() => queue.push(new DenoConn(c, "server", true)), () => {
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
    async close() {
      if (open) {
        open = false;
        ln.close();
        queue.end();
      }
      // The pending accept() holds the socket until it has failed: only then is the port free
      // (measured: rebinding right after close() fails with AddrInUse, ~2-10 ms later succeeds).
      await loop;
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
  const name = o.tls?.serverName ?? o.hostname;
  if (o.tls && o.tls.verify !== false && name === o.hostname) {
    const c = await Deno.connectTls({ hostname: o.hostname, port: o.port, caCerts: o.tls.caCerts });
    try {
      await handshakeOf(c);
    } catch (err) {
      c.close();
      throw err;
    }
    return new DenoConn(c, "client", true);
  }
  // Otherwise TLS from the first byte is an upgrade before any byte was sent: Deno.connectTls
  // dials the name it verifies (we may dial an MX by address and check its host name) and
  // cannot skip verification (verify: false); DenoConn.startTls handles both.
  const conn = new DenoConn(await Deno.connect({ hostname: o.hostname, port: o.port }), "client", false, Deno.startTls);
  return o.tls ? conn.startTls(o.tls) : conn;
}

function serveHttp(o: ListenOptions, handler: HttpHandler): Promise<HttpServer> {
  // Deno's server.shutdown() waits for every response to finish, so one endless event stream
  // (the admin console's live log) would hold close() forever. Streamed bodies of unknown length
  // run through a pipe we can abort; fixed-length ones end by themselves.
  const stop = new AbortController();
  const track = (res: Response): Response => {
    if (!res.body || res.headers.has("content-length") || stop.signal.aborted) return res;
    const body = res.body.pipeThrough(new TransformStream<Uint8Array, Uint8Array>(), { signal: stop.signal });
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
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
        async (req, info) => track(await handler(req, { remote: addr(info.remoteAddr.hostname, info.remoteAddr.port) })),
      );
    } catch (err) {
      return reject(normaliseListenError(err, o.hostname, o.port));
    }
    resolve({
      addr: addr(server.addr.hostname, server.addr.port),
      close: () => {
        const done = server.shutdown();
        stop.abort();
        return done;
      },
    });
  });
}

export const runtime: Runtime = { name: "deno", listen, connect, serveHttp };
