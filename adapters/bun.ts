/** The Bun adapter: Bun.listen / Bun.connect sockets (adapters/bun-conn.ts), Bun.serve for HTTP. */
import type { Conn, ConnectOptions, HttpHandler, HttpServer, Listener, ListenOptions, Runtime } from "../runtime/types.ts";
import { normaliseListenError } from "../runtime/errors.ts";
import { AcceptQueue } from "./accept-queue.ts";
import { addr } from "./common.ts";
import { BunConn, type BunSocket, clientTls, handlers, serverTls } from "./bun-conn.ts";

/** The slice of the Bun namespace this adapter uses (Bun's types are not installed). */
interface BunNs {
  listen(o: Record<string, unknown>): { hostname: string; port: number; stop(closeActive?: boolean): void };
  connect(o: Record<string, unknown>): Promise<BunSocket>;
  serve(o: Record<string, unknown>): {
    hostname: string;
    port: number;
    stop(closeActive?: boolean): Promise<void>;
    requestIP(r: Request): { address: string; port: number } | null;
  };
}
const Bun = (globalThis as unknown as { Bun: BunNs }).Bun;

async function listen(o: ListenOptions): Promise<Listener> {
  const queue = new AcceptQueue();
  const secure = !!o.tls;
  let server: ReturnType<BunNs["listen"]>;
  try {
    server = Bun.listen({
      hostname: o.hostname,
      port: o.port,
      ...(o.tls ? { tls: serverTls(o.tls) } : {}),
      socket: {
        ...handlers,
        open(s: BunSocket) {
          const conn = new BunConn("server", secure);
          s.data = conn;
          conn.attach(s);
          // Implicit TLS connections are handed out once the handshake succeeded.
          conn.ready.then(() => queue.push(conn), () => {});
        },
      },
    });
  } catch (err) {
    throw normaliseListenError(err, o.hostname, o.port);
  }
  let closing: Promise<void> | undefined;
  return {
    addr: addr(server.hostname, server.port),
    accept: () => queue.iterate(),
    close() {
      // stop(false): the listening socket closes at once, open connections stay.
      closing ??= Promise.resolve().then(() => {
        server.stop(false);
        queue.end();
      });
      return closing;
    },
  };
}

async function connect(o: ConnectOptions): Promise<Conn> {
  const conn = new BunConn("client", !!o.tls, o.tls?.verify ?? true);
  await Bun.connect({
    hostname: o.hostname,
    port: o.port,
    ...(o.tls ? { tls: clientTls(o.hostname, o.tls) } : {}),
    socket: handlers,
    data: conn,
  });
  await conn.ready;
  return conn;
}

async function serveHttp(o: ListenOptions, handler: HttpHandler): Promise<HttpServer> {
  let server: ReturnType<BunNs["serve"]>;
  try {
    server = Bun.serve({
      hostname: o.hostname,
      port: o.port,
      ...(o.tls ? { tls: serverTls(o.tls) } : {}),
      fetch: (req: Request, srv: ReturnType<BunNs["serve"]>) => {
        const ip = srv.requestIP(req);
        return handler(req, { remote: addr(ip?.address, ip?.port) });
      },
    });
  } catch (err) {
    throw normaliseListenError(err, o.hostname, o.port);
  }
  return {
    addr: addr(server.hostname, server.port),
    // stop(true) also cuts keep-alive and in-flight connections, as on the other runtimes.
    close: () => server.stop(true),
  };
}

export const runtime: Runtime = { name: "bun", listen, connect, serveHttp };
