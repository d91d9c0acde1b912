import { Args } from "../args.ts";
import { ANY, SELECTED } from "../state.ts";
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

/** CHECK (RFC 3501 6.4.1; gone from IMAP4rev2): every write is already durable, so a NOOP. */
export const CHECK: ImapCommandSpec = {
  name: "CHECK",
  states: SELECTED,
  async run(_s, cmd) {
    new Args(cmd.args, "CHECK").end();
  },
};
