import type { Maildrop } from "../maildrop.ts";
import type { Pop3Session } from "../session.ts";
import { args, messageNumber } from "./args.ts";
import type { Pop3Command } from "./types.ts";

/** LIST [msg] (RFC 1939 §5): the size of one message, or of every message not marked deleted. */
export const LIST: Pop3Command = {
  verb: "LIST",
  states: ["transaction"],
  async run(s, rest) {
    if (s.state.kind !== "transaction") return;
    const drop = s.state.drop;
    const [arg] = args(rest, 0, 1, "LIST [msg]");
    if (arg !== undefined) {
      const n = messageNumber(drop, arg);
      return void (await s.ok(`${n} ${drop.size(n)}`));
    }
    const { count, size } = drop.stat();
    await s.ok(`${count} messages (${size} octets)`);
    await listing(s, drop, (n) => String(drop.size(n)));
  },
};

/**
 * The lines of a LIST or UIDL listing, `n value`, for every message not marked deleted, then the
 * terminator. Written line by line, waiting whenever the client is behind, so a maildrop of any
 * size costs no more than the batch buffer.
 */
export async function listing(s: Pop3Session, drop: Maildrop, value: (n: number) => string): Promise<void> {
  for (let n = 1; n <= drop.count; n++) {
    if (!drop.isDeleted(n)) await s.write(`${n} ${value(n)}\r\n`);
  }
  await s.write(".\r\n");
}
