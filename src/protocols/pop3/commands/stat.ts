import { noArgs } from "./args.ts";
import type { Pop3Command } from "./types.ts";

/** STAT (RFC 1939 §5): messages not marked deleted, and their octets. */
export const STAT: Pop3Command = {
  verb: "STAT",
  states: ["transaction"],
  async run(s, rest) {
    noArgs(rest, "STAT");
    if (s.state.kind !== "transaction") return;
    const { count, size } = s.state.drop.stat();
    await s.ok(`${count} ${size}`);
  },
};
