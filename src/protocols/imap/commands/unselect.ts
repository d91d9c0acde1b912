import { Args } from "../args.ts";
import { SELECTED } from "../state.ts";
import type { ImapCommandSpec } from "./types.ts";

/** UNSELECT (RFC 3691, IMAP4rev2): deselect without expunging. */
export const UNSELECT: ImapCommandSpec = {
  name: "UNSELECT",
  states: SELECTED,
  async run(s, cmd) {
    new Args(cmd.args, "UNSELECT").end();
    s.deselect();
  },
};
