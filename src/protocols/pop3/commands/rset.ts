import { noArgs } from "./args.ts";
import type { Pop3Command } from "./types.ts";

/** RSET (RFC 1939 §5): every deletion mark is removed. */
export const RSET: Pop3Command = {
  verb: "RSET",
  states: ["transaction"],
  async run(s, rest) {
    noArgs(rest, "RSET");
    if (s.state.kind !== "transaction") return;
    s.state.drop.reset();
    const { count, size } = s.state.drop.stat();
    await s.ok(`maildrop has ${count} messages (${size} octets)`);
  },
};
