/**
 * What USER/PASS and AUTH share: the plaintext refusal, and the login itself — check the
 * credentials, lock the maildrop, list it. Every failure gets the one answer whatever the cause
 * (unknown user, wrong password, disabled account), after `authFailureDelayMs`; the
 * `maxAuthFailures`th closes the connection.
 *
 * @module
 */
import { Maildrop } from "../maildrop.ts";
import { Pop3Error } from "../reply.ts";
import type { Pop3Session } from "../session.ts";
import { callBackend } from "./backend-call.ts";

/** `-ERR [AUTH]` for a login attempt in clear where the operator requires TLS (RFC 2595 §4, RFC 3206 §4). */
export function plaintextRefused(s: Pop3Session): Pop3Error {
  return new Pop3Error(
    "AUTH",
    s.startTlsAvailable ? "plaintext authentication is disabled: use STLS first" : "plaintext authentication is disabled on this server",
  );
}

/**
 * Log in as `username` with `password`; a null password is a failed attempt that never reaches
 * the backend (malformed credentials). On success the session is in TRANSACTION.
 */
export async function login(s: Pop3Session, username: string, password: string | null): Promise<void> {
  const identity = password === null ? null : await callBackend(s, "authenticate", () => s.backend.authenticate(username, password));
  if (!identity) {
    s.authFailures++;
    const last = s.authFailures >= s.limits.maxAuthFailures;
    await s.flush();
    await s.pause(s.limits.authFailureDelayMs);
    throw new Pop3Error("AUTH", "invalid user name or password", {
      close: last,
      internal: `login failed for ${JSON.stringify(username)} (${s.authFailures} of ${s.limits.maxAuthFailures})${last ? ", closing" : ""}`,
    });
  }
  const unlock = s.locks.acquire(identity.accountId);
  if (!unlock) {
    throw new Pop3Error("IN-USE", "maildrop already locked: another POP3 session is logged in", { internal: `${identity.address} is logged in elsewhere` });
  }
  let drop: Maildrop;
  try {
    drop = await callBackend(s, "open", async () => Maildrop.load(identity, await s.backend.open(identity)));
  } catch (err) {
    unlock();
    throw err;
  }
  s.enterTransaction({ kind: "transaction", drop }, unlock);
  const { count, size } = drop.stat();
  s.log("info", `logged in as ${identity.address}: ${count} messages`);
  await s.ok(`${identity.address} has ${count} messages (${size} octets)`);
}
