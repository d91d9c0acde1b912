import { Args } from "../args.ts";
import { AUTHENTICATED } from "../state.ts";
import { findMailbox, mailboxArg, storeRefusal } from "./mailbox.ts";
import type { ImapCommandSpec } from "./types.ts";

/** SUBSCRIBE mailbox (RFC 9051 6.3.7): only existing mailboxes can be subscribed. */
export const SUBSCRIBE: ImapCommandSpec = {
  name: "SUBSCRIBE",
  states: AUTHENTICATED,
  async run(s, cmd) {
    const a = new Args(cmd.args, "SUBSCRIBE");
    const name = mailboxArg(s, a);
    a.end();
    const box = await findMailbox(s, name);
    await s.store.mailboxes.setSubscribed(s.user.accountId, box.name, true).catch(storeRefusal);
  },
};

/** UNSUBSCRIBE mailbox (RFC 9051 6.3.8). Unsubscribing a missing mailbox is not an error. */
export const UNSUBSCRIBE: ImapCommandSpec = {
  name: "UNSUBSCRIBE",
  states: AUTHENTICATED,
  async run(s, cmd) {
    const a = new Args(cmd.args, "UNSUBSCRIBE");
    const name = mailboxArg(s, a);
    a.end();
    const box = await s.store.mailboxes.get(s.user.accountId, name).catch(storeRefusal);
    if (box) await s.store.mailboxes.setSubscribed(s.user.accountId, box.name, false).catch(storeRefusal);
  },
};
