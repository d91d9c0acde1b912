import { Pop3Error } from "../reply.ts";
import type { Pop3Command } from "./types.ts";

/**
 * QUIT (RFC 1939 §6). In TRANSACTION it enters UPDATE: the messages marked with DELE are removed
 * in one store transaction — all of them or, on a fault, none — and the lock is released before
 * the answer, so the client can log in again at once. Arguments are ignored: a client that says
 * QUIT wants to leave.
 */
export const QUIT: Pop3Command = {
  verb: "QUIT",
  states: ["authorization", "transaction"],
  async run(s) {
    s.ending = true;
    if (s.state.kind !== "transaction") return void (await s.ok(`${s.ctx.hostname} POP3 server signing off`));
    const drop = s.state.drop;
    s.state = { kind: "update" };
    const uids = drop.deletedUids();
    let removed = 0;
    if (uids.length > 0) {
      try {
        removed = await drop.mailbox.expunge(uids);
      } catch (err) {
        s.log("error", `backend expunge failed: ${err instanceof Error ? err.message : String(err)}`);
        s.releaseMaildrop();
        throw new Pop3Error("SYS/TEMP", "some deleted messages not removed, try again later", { close: true, internal: `${uids.length} messages of ${drop.identity.address} kept` });
      }
      s.log("info", `removed ${removed} messages of ${drop.identity.address}${removed < uids.length ? ` (${uids.length - removed} were already gone)` : ""}`);
    }
    s.releaseMaildrop();
    await s.ok(`${s.ctx.hostname} POP3 server signing off (${uids.length} messages deleted)`);
  },
};
