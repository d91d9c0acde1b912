import { Args } from "../args.ts";
import { SELECTED } from "../state.ts";
import { expungeDeleted } from "./expunge.ts";
import type { ImapCommandSpec } from "./types.ts";

/**
 * CLOSE (RFC 9051 6.4.1): silently expunges the \Deleted messages (unless read-only), then
 * deselects; no EXPUNGE responses are sent.
 */
export const CLOSE: ImapCommandSpec = {
  name: "CLOSE",
  states: SELECTED,
  async run(s, cmd) {
    new Args(cmd.args, "CLOSE").end();
    if (s.state.kind !== "selected") return;
    const box = s.state.box;
    // Deselect even if the expunge fails: the client considers the mailbox closed either way.
    try {
      if (!box.readOnly) await expungeDeleted(s, box, null, false);
    } finally {
      s.deselect();
    }
  },
};
