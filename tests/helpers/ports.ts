import { createServer } from "node:net";

function tryBind(port: number, host = "127.0.0.1"): Promise<number | null> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once("error", () => resolve(null));
    srv.listen({ port, host, exclusive: true }, () => {
      const p = (srv.address() as { port: number }).port;
      srv.close(() => resolve(p));
    });
  });
}

// Every port handed out in this process. A port given to a service that is configured but not
// listening looks free to the OS again; handing it out twice made two services of one test share
// a port (seen in CI: the "port in use" blocker landed on the stopped ldaps service's port).
const handedOut = new Set<number>();

/**
 * n distinct ports free right now on 127.0.0.1 and never handed out before in this process
 * (ephemeral; a race with other programs is possible but rare).
 */
export async function freePorts(n: number): Promise<number[]> {
  const out = new Set<number>();
  while (out.size < n) {
    const p = await tryBind(0);
    if (p && !handedOut.has(p)) out.add(p);
  }
  for (const p of out) handedOut.add(p);
  return [...out];
}

/** An offset such that every one of `bases + offset` is free on 127.0.0.1 and on all addresses. */
export async function freeOffset(bases: number[], from = 20000, to = 60000): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const offset = from + Math.floor(Math.random() * (to - from - Math.max(...bases)));
    let ok = true;
    for (const b of bases) {
      if ((await tryBind(b + offset, "0.0.0.0")) === null) {
        ok = false;
        break;
      }
    }
    if (ok) return offset;
  }
  throw new Error("no free port offset found");
}
