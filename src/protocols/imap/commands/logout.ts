import { Args } from "../args.ts";
import { statusLine } from "../response.ts";
import { ANY } from "../state.ts";
import type { ImapCommandSpec } from "./types.ts";

/** LOGOUT (RFC 9051 6.1.3): BYE, the tagged OK, then the connection closes. */
export const LOGOUT: ImapCommandSpec = {
  name: "LOGOUT",
  states: ANY,
  async run(s, cmd) {
    new Args(cmd.args, "LOGOUT").end();
    await s.untagged("BYE logging out");
    await s.write(statusLine(cmd.tag, "OK", "LOGOUT completed"));
    if (s.state.kind === "selected") s.state.box.close();
    s.state = { kind: "logout" };
    s.ending = true;
  },
};
