import { Args } from "../args.ts";
import { mailboxToWire } from "../mailbox-name.ts";
import { AUTHENTICATED } from "../state.ts";
import { findMailbox, mailboxArg, storeRefusal } from "./mailbox.ts";
import { formatStatus, parseStatusItems } from "./status-items.ts";
import type { ImapCommandSpec } from "./types.ts";

/** STATUS mailbox (items) (RFC 9051 6.3.11): counters computed by the database, no rows loaded. */
export const STATUS: ImapCommandSpec = {
  name: "STATUS",
  states: AUTHENTICATED,
  async run(s, cmd) {
    const a = new Args(cmd.args, "STATUS");
    const name = mailboxArg(s, a);
    const items = parseStatusItems(a.list("status items"));
    a.end();
    const box = await findMailbox(s, name);
    const st = await s.store.mailboxes.status(box.id).catch(storeRefusal);
    await s.untagged(`STATUS ${mailboxToWire(box.name, s.utf8)} ${formatStatus(s, items, st)}`);
  },
};
