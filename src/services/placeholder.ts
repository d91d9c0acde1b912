import type { Conn } from "../../runtime/mod.ts";
import { farewell } from "./farewell.ts";
import type { ConnectionHandler, HttpAppFactory } from "./types.ts";

/** Stands in for a protocol not built yet: greets with a clear "not available" and closes. */
export const placeholderSession: ConnectionHandler = async (conn: Conn, ctx) => {
  const text = `${ctx.protocol.toUpperCase()} service is not available yet on this server`;
  const writer = conn.writable.getWriter();
  try {
    await writer.write(farewell(ctx.protocol, ctx.hostname, "unavailable", text));
    await writer.close();
  } catch {
    // The peer left first; nothing to tell it.
  } finally {
    conn.close();
  }
};

export const placeholderHttp: HttpAppFactory = (ctx) => () =>
  new Response(`${ctx.name}: this web service is not available yet on this server\n`, {
    status: 503,
    headers: { "content-type": "text/plain; charset=utf-8" },
  });
