import { Args } from "../args.ts";
import { DELIMITER } from "../mailbox-name.ts";
import { bad, no } from "../response.ts";
import { AUTHENTICATED } from "../state.ts";
import { findMailbox, mailboxArg, storeRefusal } from "./mailbox.ts";
import type { ImapCommandSpec } from "./types.ts";

/**
 * RENAME from to (RFC 9051 6.3.6): children move along and keep their UIDVALIDITY; missing
 * parents of the new name are created. Renaming INBOX moves its messages to a new mailbox and
 * leaves INBOX empty.
 */
export const RENAME: ImapCommandSpec = {
  name: "RENAME",
  states: AUTHENTICATED,
  async run(s, cmd) {
    const a = new Args(cmd.args, "RENAME");
    const from = mailboxArg(s, a, "existing mailbox name");
    let to = mailboxArg(s, a, "new mailbox name");
    a.end();
    while (to.endsWith(DELIMITER)) to = to.slice(0, -1);
    if (to === "" || to.split(DELIMITER).some((p) => p === "")) throw bad("RENAME: invalid new mailbox name");
    if (to === "INBOX") throw no("INBOX always exists", { code: "ALREADYEXISTS" });
    if (to === from || to.startsWith(from + DELIMITER)) throw no("cannot rename a mailbox into itself", { code: "CANNOT" });
    const box = await findMailbox(s, from);
    const account = s.user.accountId;
    if (await s.store.mailboxes.get(account, to).catch(storeRefusal)) throw no(`mailbox ${JSON.stringify(to)} already exists`, { code: "ALREADYEXISTS" });
    const levels = to.split(DELIMITER);
    for (let i = 1; i < levels.length; i++) {
      const parent = levels.slice(0, i).join(DELIMITER);
      if (parent === "INBOX" || parent === box.name) continue;
      if (!(await s.store.mailboxes.get(account, parent).catch(storeRefusal))) await s.store.mailboxes.create(account, parent).catch(storeRefusal);
    }
    await s.store.mailboxes.rename(account, box.name, to).catch(storeRefusal);
    if (s.state.kind === "selected" && s.state.box.id === box.id && box.name !== "INBOX") s.state.box.name = to;
    s.log("info", `renamed mailbox ${JSON.stringify(box.name)} to ${JSON.stringify(to)}`);
  },
};
