import { args, messageNumber } from "./args.ts";
import { messageBody } from "./message-body.ts";
import type { Pop3Command } from "./types.ts";

/** RETR msg (RFC 1939 §5): the whole message, dot-stuffed, streamed. */
export const RETR: Pop3Command = {
  verb: "RETR",
  states: ["transaction"],
  async run(s, rest) {
    if (s.state.kind !== "transaction") return;
    const drop = s.state.drop;
    const [arg] = args(rest, 1, 1, "RETR msg");
    const body = await messageBody(s, drop, messageNumber(drop, arg!));
    await s.ok(`${body.length} octets`);
    await s.sendBody(body);
  },
};
