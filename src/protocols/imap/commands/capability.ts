import { Args } from "../args.ts";
import { ANY } from "../state.ts";
import type { ImapCommandSpec } from "./types.ts";

/** CAPABILITY (RFC 9051 6.1.1): what this session can use now. */
export const CAPABILITY: ImapCommandSpec = {
  name: "CAPABILITY",
  states: ANY,
  async run(s, cmd) {
    new Args(cmd.args, "CAPABILITY").end();
    await s.untagged(`CAPABILITY ${s.capabilities().join(" ")}`);
  },
};
