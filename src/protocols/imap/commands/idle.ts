import type { ReadLineResult } from "../../../io/mod.ts";
import { Args } from "../args.ts";
import { bad } from "../response.ts";
import { AUTHENTICATED } from "../state.ts";
import { deliverUpdates } from "../updates.ts";
import type { ImapCommandSpec } from "./types.ts";

/** `DONE` and a little slack; anything longer is not DONE. */
const MAX_DONE_LINE = 64;

/**
 * IDLE (RFC 2177, RFC 9051 6.3.13): after the continuation, every change to the selected mailbox
 * (EXISTS, EXPUNGE/VANISHED, FETCH FLAGS) is sent the moment it is committed, until the client
 * says DONE. The wait costs no timer and no polling: the change feed wakes the session.
 */
export const IDLE: ImapCommandSpec = {
  name: "IDLE",
  states: AUTHENTICATED,
  async run(s, cmd) {
    new Args(cmd.args, "IDLE").end();
    await s.write("+ idling\r\n");
    const box = s.state.kind === "selected" ? s.state.box : null;
    let wake: () => void = () => {};
    if (box) box.onChange = () => wake();
    try {
      const done: Promise<{ line: ReadLineResult | null }> = s.readLine(MAX_DONE_LINE).then((line) => ({ line }));
      // Observed now, so a rejection while we are busy delivering is never "unhandled".
      done.catch(() => {});
      for (;;) {
        if (box?.hasPending) {
          await deliverUpdates(s, { expunges: true });
          await s.flush();
        }
        const woken = new Promise<null>((r) => (wake = () => r(null)));
        const r = await Promise.race([done, woken]);
        if (r === null) continue;
        const line = r.line;
        if (line === null || (line.kind === "line" && line.ending === "eof")) {
          s.ending = true;
          return { answered: true };
        }
        if (line.kind === "too-long") throw bad("expected DONE to end IDLE; line too long", { close: true });
        if (!isDone(line.bytes)) throw bad("expected DONE to end IDLE");
        return;
      }
    } finally {
      if (box) box.onChange = null;
    }
  },
};

function isDone(b: Uint8Array): boolean {
  return b.length === 4 && (b[0]! | 0x20) === 0x64 && (b[1]! | 0x20) === 0x6f && (b[2]! | 0x20) === 0x6e && (b[3]! | 0x20) === 0x65;
}
