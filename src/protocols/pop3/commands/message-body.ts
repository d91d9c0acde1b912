import type { Maildrop } from "../maildrop.ts";
import { Pop3Error } from "../reply.ts";
import type { Pop3Session } from "../session.ts";
import { callBackend } from "./backend-call.ts";

/**
 * The bytes of message `n` from the store, one message at a time. A message expunged since login
 * (over IMAP) is refused for this message only; the session goes on.
 */
export async function messageBody(s: Pop3Session, drop: Maildrop, n: number): Promise<Uint8Array> {
  const uid = drop.uid(n);
  const body = await callBackend(s, "body", () => drop.mailbox.body(uid));
  if (body === null) {
    throw new Pop3Error(undefined, `message ${n} is no longer available (removed by another session)`, { internal: `uid ${uid} of ${drop.identity.address} is gone` });
  }
  return body;
}
