import type { SmtpReply } from "../backend.ts";
import { checkedReply, SmtpError } from "../reply.ts";
import type { SmtpSession } from "../session.ts";

/**
 * Calls the backend. An exception is a fault on our side, not the client's: it is logged and
 * answered 451 4.3.0 so the client tries again later.
 */
export async function callBackend<T>(s: SmtpSession, what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    s.log("error", `backend ${what} failed: ${err instanceof Error ? err.message : String(err)}`);
    throw new SmtpError(451, "4.3.0", "local error in processing, try again later", { bad: false });
  }
}

/**
 * A backend refusal as the error to send, its codes checked. Permanent refusals count as bad
 * commands where `countPermanent` is set (RCPT: guessing addresses ends in 421).
 */
export function backendRefusal(reply: SmtpReply, countPermanent = false): SmtpError {
  const r = checkedReply(reply.code, reply.enhanced, reply.text);
  return new SmtpError(r.code, r.enhanced, r.lines[0]!, { bad: countPermanent && r.code >= 500 });
}
