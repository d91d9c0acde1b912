import { Args } from "../args.ts";
import { no } from "../response.ts";
import { AUTHENTICATED } from "../state.ts";
import { findMailbox, mailboxArg, storeRefusal } from "./mailbox.ts";
import type { ImapCommandSpec } from "./types.ts";

/**
 * DELETE mailbox (RFC 9051 6.3.5): the mailbox and its messages go; children stay (their parent
 * then shows as \Noselect). INBOX cannot be deleted, nor the mailbox this session has selected.
 */
export const DELETE: ImapCommandSpec = {
  name: "DELETE",
  states: AUTHENTICATED,
  async run(s, cmd) {
    const a = new Args(cmd.args, "DELETE");
    const name = mailboxArg(s, a);
    a.end();
    if (name === "INBOX") throw no("INBOX cannot be deleted", { code: "CANNOT" });
    const box = await findMailbox(s, name);
    if (s.state.kind === "selected" && s.state.box.id === box.id) throw no("cannot delete the selected mailbox; CLOSE or UNSELECT it first", { code: "INUSE" });
    await s.store.mailboxes.delete(s.user.accountId, box.name).catch(storeRefusal);
    s.log("info", `deleted mailbox ${JSON.stringify(box.name)}`);
  },
};
