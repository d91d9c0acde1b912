import { Pop3Error } from "../reply.ts";
import type { Pop3Session } from "../session.ts";

/**
 * Calls the backend. An exception is a fault on our side, not the client's: it is logged and
 * answered `-ERR [SYS/TEMP]` (RFC 3206) so the client tries again later.
 */
export async function callBackend<T>(s: Pop3Session, what: string, fn: () => Promise<T>, o: { close?: boolean } = {}): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    s.log("error", `backend ${what} failed: ${err instanceof Error ? err.message : String(err)}`);
    throw new Pop3Error("SYS/TEMP", "temporary failure on the server, try again later", { close: o.close });
  }
}
