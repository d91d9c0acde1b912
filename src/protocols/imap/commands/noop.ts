import { Args } from "../args.ts";
import { ANY } from "../state.ts";
import type { ImapCommandSpec } from "./types.ts";

/**
 * NOOP (RFC 9051 6.1.2): nothing, except that the session sends what changed in the selected
 * mailbox before the tagged OK (clients poll with it).
 */
export const NOOP: ImapCommandSpec = {
  name: "NOOP",
  states: ANY,
  async run(_s, cmd) {
    new Args(cmd.args, "NOOP").end();
  },
};
