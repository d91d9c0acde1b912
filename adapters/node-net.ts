/** Listen and connect with node:net / node:tls (the Node adapter, and Deno where it needs them). */
import * as net from "node:net";
import * as tls from "node:tls";
import type { Conn, ConnectOptions, Listener, ListenOptions } from "../runtime/types.ts";
import { normaliseListenError } from "../runtime/errors.ts";
import { AcceptQueue } from "./accept-queue.ts";
import { addr, HANDSHAKE_TIMEOUT_MS } from "./common.ts";
import { handshake, nodeClientTls, nodeSocketConn } from "./node-socket.ts";

/** Listen on a node:net server; the port is free again once `close()` settles. */
export async function listenNode(o: ListenOptions): Promise<Listener> {
  const queue = new AcceptQueue();
  const server = o.tls
    ? tls.createServer({ cert: o.tls.cert, key: o.tls.key, handshakeTimeout: HANDSHAKE_TIMEOUT_MS })
    : net.createServer();
  if (o.tls) {
    server.on("secureConnection", (s: tls.TLSSocket) => queue.push(nodeSocketConn(s, "server", true)));
    // A client that fails the handshake is just dropped; without a listener node would too,
    // but say so explicitly.
    server.on("tlsClientError", (_err: Error, s: tls.TLSSocket) => s.destroy());
  } else {
    server.on("connection", (s: net.Socket) => queue.push(nodeSocketConn(s, "server", false)));
  }
  await bind(server, o.hostname, o.port);
  const a = server.address() as net.AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    addr: addr(a.address, a.port),
    accept: () => queue.iterate(),
    close() {
      closing ??= new Promise<void>((resolve) => {
        // server.close() releases the listening fd at once; its callback would wait for every
        // open connection, which the contract says stay open.
        server.close();
        queue.end();
        resolve();
      });
      return closing;
    },
  };
}

/** Bind a node server, with listen errors normalised. */
export function bind(server: net.Server, hostname: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(normaliseListenError(err, hostname, port));
    server.once("error", onError);
    server.listen({ host: hostname, port, exclusive: true }, () => {
      server.off("error", onError);
      // Later server errors (EMFILE on accept...) are logged by node's default only if unhandled;
      // keep the process alive.
      server.on("error", () => {});
      resolve();
    });
  });
}

export async function connectNode(o: ConnectOptions): Promise<Conn> {
  const sock = o.tls
    ? tls.connect({ port: o.port, ...nodeClientTls(o.hostname, o.tls), host: o.hostname })
    : net.connect({ host: o.hostname, port: o.port });
  try {
    if (o.tls) await handshake(sock as tls.TLSSocket, "client");
    else await connected(sock);
  } catch (err) {
    sock.destroy();
    throw err;
  }
  return nodeSocketConn(sock, "client", !!o.tls);
}

function connected(sock: net.Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    sock.once("connect", () => {
      sock.off("error", reject);
      resolve();
    });
    sock.once("error", reject);
  });
}
