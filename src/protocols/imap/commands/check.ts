import { Args } from "../args.ts";
import { SELECTED } from "../state.ts";
import type { ImapCommandSpec } from "./types.ts";

/** CHECK (RFC 3501 6.4.1; gone from IMAP4rev2): every write is already durable, so a NOOP. */
export const CHECK: ImapCommandSpec = {
  name: "CHECK",
  states: SELECTED,
  async run(_s, cmd) {
    new Args(cmd.args, "CHECK").end();
  },
};
