import { parseNumber } from "../parser.ts";
import { badCommand } from "../reply.ts";
import { topLength } from "../top.ts";
import { args, messageNumber } from "./args.ts";
import { messageBody } from "./message-body.ts";
import type { Pop3Command } from "./types.ts";

/** TOP msg n (RFC 1939 §7): the header, the blank line, and the first `n` lines of the body. */
export const TOP: Pop3Command = {
  verb: "TOP",
  states: ["transaction"],
  async run(s, rest) {
    if (s.state.kind !== "transaction") return;
    const drop = s.state.drop;
    const [msg, count] = args(rest, 2, 2, "TOP msg n");
    const n = messageNumber(drop, msg!);
    const lines = parseNumber(count!);
    if (lines === null) throw badCommand(`invalid line count ${JSON.stringify(count)}`);
    const body = await messageBody(s, drop, n);
    await s.ok("top of message follows");
    await s.sendBody(body.subarray(0, topLength(body, lines)));
  },
};
