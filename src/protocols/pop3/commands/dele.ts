import { args, messageNumber } from "./args.ts";
import type { Pop3Command } from "./types.ts";

/** DELE msg (RFC 1939 §5): marks the message; it is removed only by QUIT (UPDATE state). */
export const DELE: Pop3Command = {
  verb: "DELE",
  states: ["transaction"],
  async run(s, rest) {
    if (s.state.kind !== "transaction") return;
    const drop = s.state.drop;
    const [arg] = args(rest, 1, 1, "DELE msg");
    const n = messageNumber(drop, arg!);
    drop.markDeleted(n);
    await s.ok(`message ${n} deleted`);
  },
};
