import { noArgs } from "./args.ts";
import type { Pop3Command } from "./types.ts";

/** NOOP (RFC 1939 §5). */
export const NOOP: Pop3Command = {
  verb: "NOOP",
  states: ["transaction"],
  async run(s, rest) {
    noArgs(rest, "NOOP");
    await s.ok("");
  },
};
