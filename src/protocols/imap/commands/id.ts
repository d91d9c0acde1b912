import { utf8 } from "../../../io/mod.ts";
import { Args, astringBytes } from "../args.ts";
import { bad } from "../response.ts";
import { ANY } from "../state.ts";
import { imapString } from "../wire/encode.ts";
import type { ImapCommandSpec } from "./types.ts";

/** RFC 2971 3.3: at most 30 field/value pairs, fields up to 30 octets, values up to 1024. */
const MAX_PAIRS = 30;

/**
 * ID (RFC 2971): the client says who it is (logged, bounded); the server answers with its name.
 * No version is given out, so the answer does not help an attacker pick exploits.
 */
export const ID: ImapCommandSpec = {
  name: "ID",
  states: ANY,
  async run(s, cmd) {
    const a = new Args(cmd.args, "ID");
    const t = a.any("parameter list");
    a.end();
    if (t.kind === "list") {
      if (t.items.length % 2 !== 0 || t.items.length > 2 * MAX_PAIRS) throw bad("ID: expected NIL or up to 30 field/value pairs");
      const fields: string[] = [];
      for (let i = 0; i < t.items.length; i += 2) {
        const k = utf8(astringBytes(t.items[i]!, () => bad("ID: a field name must be a string"))).slice(0, 30);
        const vt = t.items[i + 1]!;
        const v = vt.kind === "atom" && vt.value.toUpperCase() === "NIL" ? "NIL" : utf8(astringBytes(vt, () => bad("ID: a value must be a string or NIL"))).slice(0, 1024);
        fields.push(`${k}=${v}`);
      }
      s.log("info", `client ID ${JSON.stringify(fields.join(", ").replace(/[\x00-\x1f\x7f]/g, " "))}`);
    } else if (!(t.kind === "atom" && t.value.toUpperCase() === "NIL")) {
      throw bad("ID: expected NIL or a parenthesised list");
    }
    await s.untagged(`ID (${imapString("name")} ${imapString("wrenmail")} ${imapString("vendor")} ${imapString("wrenmail")})`);
  },
};
