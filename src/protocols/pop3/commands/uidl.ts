import { args, messageNumber } from "./args.ts";
import { listing } from "./list.ts";
import type { Pop3Command } from "./types.ts";

/**
 * UIDL [msg] (RFC 1939 §7): `<uidvalidity>.<uid>` of the INBOX, the same in every session for
 * the same message and never given to another while the INBOX exists.
 */
export const UIDL: Pop3Command = {
  verb: "UIDL",
  states: ["transaction"],
  async run(s, rest) {
    if (s.state.kind !== "transaction") return;
    const drop = s.state.drop;
    const [arg] = args(rest, 0, 1, "UIDL [msg]");
    if (arg !== undefined) {
      const n = messageNumber(drop, arg);
      return void (await s.ok(`${n} ${drop.uidl(n)}`));
    }
    await s.ok("unique-id listing follows");
    await listing(s, drop, (n) => drop.uidl(n));
  },
};
