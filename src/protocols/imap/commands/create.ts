import { Args } from "../args.ts";
import { DELIMITER } from "../mailbox-name.ts";
import { bad, no } from "../response.ts";
import { AUTHENTICATED } from "../state.ts";
import { mailboxArg, storeRefusal } from "./mailbox.ts";
import type { ImapCommandSpec } from "./types.ts";

/**
 * CREATE mailbox (RFC 9051 6.3.4). A trailing delimiter is dropped ("foo/" creates "foo"), and
 * missing parents are created too, so the hierarchy never has holes made by CREATE.
 */
export const CREATE: ImapCommandSpec = {
  name: "CREATE",
  states: AUTHENTICATED,
  async run(s, cmd) {
    const a = new Args(cmd.args, "CREATE");
    let name = mailboxArg(s, a);
    // CREATE-SPECIAL-USE and other extensions' parameters are not offered.
    a.end();
    while (name.endsWith(DELIMITER)) name = name.slice(0, -1);
    if (name === "") throw bad("CREATE: empty mailbox name");
    if (name.split(DELIMITER).some((p) => p === "")) throw bad("CREATE: empty hierarchy level in mailbox name");
    if (name === "INBOX") throw no("INBOX always exists", { code: "ALREADYEXISTS" });
    const account = s.user.accountId;
    if (await s.store.mailboxes.get(account, name).catch(storeRefusal)) throw no(`mailbox ${JSON.stringify(name)} already exists`, { code: "ALREADYEXISTS" });
    const levels = name.split(DELIMITER);
    for (let i = 1; i < levels.length; i++) {
      const parent = levels.slice(0, i).join(DELIMITER);
      if (parent === "INBOX") continue;
      if (!(await s.store.mailboxes.get(account, parent).catch(storeRefusal))) {
        await s.store.mailboxes.create(account, parent).catch((e) => {
          // Another session made it meanwhile: fine.
          if ((e as { code?: string }).code !== "exists") storeRefusal(e);
        });
      }
    }
    await s.store.mailboxes.create(account, name).catch(storeRefusal);
    s.log("info", `created mailbox ${JSON.stringify(name)}`);
  },
};
