/** The Node adapter: node:net / node:tls sockets, node:http(s) through @hono/node-server. */
import type * as net from "node:net";
import * as https from "node:https";
import { serve as honoServe, type HttpBindings, type Http2Bindings } from "@hono/node-server";
import type { HttpHandler, HttpServer, ListenOptions, Runtime } from "../runtime/types.ts";
import { normaliseListenError } from "../runtime/errors.ts";
import { addr } from "./common.ts";
import { connectNode, listenNode } from "./node-net.ts";

async function serveHttp(o: ListenOptions, handler: HttpHandler): Promise<HttpServer> {
  let failed: unknown;
  let listening!: () => void;
  const ready = new Promise<void>((r) => (listening = r));
  const server = honoServe(
    {
      fetch: (req: Request, env: HttpBindings | Http2Bindings) => {
        const s = env.incoming.socket;
        return handler(req, { remote: addr(s.remoteAddress, s.remotePort) });
      },
      hostname: o.hostname,
      port: o.port,
      ...(o.tls ? { createServer: https.createServer, serverOptions: { cert: o.tls.cert, key: o.tls.key } } : {}),
    },
    () => listening(),
  ) as net.Server & { closeAllConnections?: () => void };
  const errored = new Promise<void>((resolve) =>
    server.once("error", (err) => {
      failed = normaliseListenError(err, o.hostname, o.port);
      resolve();
    })
  );
  await Promise.race([ready, errored]);
  if (failed) throw failed;
  server.on("error", () => {});
  const a = server.address() as net.AddressInfo;
  return {
    addr: addr(a.address, a.port),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Cut keep-alive and in-flight connections so close() settles now, not when clients leave.
        server.closeAllConnections?.();
      }),
  };
}

export const runtime: Runtime = { name: "node", listen: listenNode, connect: connectNode, serveHttp };
