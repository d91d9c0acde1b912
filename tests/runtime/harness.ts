/** Shared setup for the runtime conformance tests: the adapter under test and a server loop. */
import { getRuntime, type Conn, type Listener, type ListenOptions } from "../../runtime/mod.ts";

export const rt = await getRuntime();

export interface TestServer {
  listener: Listener;
  port: number;
  /** Sessions started so far (settle when each session ends). */
  sessions: Promise<void>[];
  stop(): Promise<void>;
}

/** Listen and run `session` for every accepted connection until stopped. */
export async function serve(o: ListenOptions, session: (c: Conn) => Promise<void>): Promise<TestServer> {
  const listener = await rt.listen(o);
  const sessions: Promise<void>[] = [];
  const conns = new Set<Conn>();
  const loop = (async () => {
    for await (const conn of listener.accept()) {
      conns.add(conn);
      sessions.push(session(conn).catch(() => {}).finally(() => {
        conn.close();
        conns.delete(conn);
      }));
    }
  })();
  return {
    listener,
    port: listener.addr.port,
    sessions,
    async stop() {
      await listener.close();
      await loop;
      for (const c of conns) c.close();
      await Promise.all(sessions);
    },
  };
}

/** Echo every byte back until the peer closes. */
export async function echo(conn: Conn): Promise<void> {
  await conn.readable.pipeTo(conn.writable).catch(() => {});
}
