import { StoreError } from "../../../store/mod.ts";
import { no } from "../response.ts";
import type { ImapSession } from "../session.ts";
import type { TaggedOk } from "./types.ts";

/**
 * Checks credentials for LOGIN and AUTHENTICATE and logs the user in. Unknown user and wrong
 * password get the same answer after the same delay (`authFailureDelayMs`); the
 * `maxAuthFailures`th failure closes the connection. Success answers with the capabilities of
 * the new state, which spares clients a CAPABILITY round trip.
 */
export async function logIn(s: ImapSession, username: string, password: string): Promise<TaggedOk> {
  let account = null;
  try {
    account = await s.store.accounts.verify(username, password);
  } catch (e) {
    if (!(e instanceof StoreError)) throw e;
  }
  if (!account) {
    s.authFailures++;
    s.log("warn", `authentication failed for ${JSON.stringify(username.slice(0, 256))} (${s.authFailures} of ${s.limits.maxAuthFailures})`);
    await s.flush();
    await s.pause(s.limits.authFailureDelayMs);
    const close = s.authFailures >= s.limits.maxAuthFailures;
    throw no(close ? "authentication failed; too many failures, closing connection" : "authentication failed", { code: "AUTHENTICATIONFAILED", close });
  }
  s.state = { kind: "authenticated", user: { accountId: account.id, address: account.address } };
  s.log("info", "logged in");
  return { code: `CAPABILITY ${s.capabilities().join(" ")}`, text: "logged in" };
}
