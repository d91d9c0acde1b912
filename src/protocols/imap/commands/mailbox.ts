/**
 * Helpers shared by the mailbox commands: the name argument, looking a mailbox up, and turning
 * store refusals into IMAP response codes (RFC 5530).
 *
 * @module
 */
import { type Mailbox, StoreError } from "../../../store/mod.ts";
import type { Args } from "../args.ts";
import { mailboxFromWire } from "../mailbox-name.ts";
import { type ImapError, no } from "../response.ts";
import type { ImapSession } from "../session.ts";

/** The next argument as a mailbox name in store form. */
export function mailboxArg(s: ImapSession, a: Args, what = "mailbox name"): string {
  return mailboxFromWire(a.astring(what), s.utf8);
}

/** The user's mailbox by name; NO [NONEXISTENT] (or `code`, e.g. TRYCREATE) when missing. */
export async function findMailbox(s: ImapSession, name: string, code = "NONEXISTENT"): Promise<Mailbox> {
  const box = await s.store.mailboxes.get(s.user.accountId, name).catch(storeRefusal);
  if (!box) throw no(`mailbox ${JSON.stringify(name)} does not exist`, { code });
  return box;
}

/** A StoreError as the matching NO; anything else is rethrown (a bug or an outage). */
export function storeRefusal(e: unknown): never {
  if (!(e instanceof StoreError)) throw e;
  throw refusalFor(e);
}

function refusalFor(e: StoreError): ImapError {
  switch (e.code) {
    case "not_found":
      return no(e.message, { code: "NONEXISTENT" });
    case "exists":
      return no(e.message, { code: "ALREADYEXISTS" });
    case "over_quota":
      return no("quota exceeded", { code: "OVERQUOTA", internal: e.message });
    case "invalid":
      return no(e.message, { code: "CANNOT" });
  }
}
