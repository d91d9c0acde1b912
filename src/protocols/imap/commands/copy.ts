import { Args } from "../args.ts";
import { no } from "../response.ts";
import { formatSet } from "../sequence.ts";
import type { ImapSession } from "../session.ts";
import { SELECTED } from "../state.ts";
import { sendExpunges } from "../updates.ts";
import type { ImapCommand } from "../wire/types.ts";
import { findMailbox, mailboxArg, storeRefusal } from "./mailbox.ts";
import { targetUids } from "./message-set.ts";
import type { ImapCommandSpec, TaggedOk } from "./types.ts";

/**
 * COPY / UID COPY set mailbox (RFC 9051 6.4.7) and MOVE / UID MOVE (RFC 6851). All or nothing, and
 * answered with COPYUID (UIDPLUS, RFC 4315). A missing destination is NO [TRYCREATE]. MOVE is one
 * store transaction, then the moved messages are reported expunged here (EXPUNGE or VANISHED).
 */
function copyCommand(name: "COPY" | "MOVE"): ImapCommandSpec {
  return { name, states: SELECTED, uid: true, run: (s, cmd) => copy(s, cmd, name === "MOVE") };
}

export const COPY = copyCommand("COPY");
export const MOVE = copyCommand("MOVE");

async function copy(s: ImapSession, cmd: ImapCommand, move: boolean): Promise<TaggedOk | void> {
  const a = new Args(cmd.args, `${cmd.uid ? "UID " : ""}${cmd.name}`);
  const setText = a.atom("message set");
  const name = mailboxArg(s, a, "destination mailbox");
  a.end();
  if (s.state.kind !== "selected") return;
  const box = s.state.box;
  const uids = targetUids(box, setText, cmd.uid);
  if (move && box.readOnly) throw no("mailbox is read-only", { code: "READ-ONLY" });
  const dest = await findMailbox(s, name, "TRYCREATE");
  if (uids.length === 0) return { text: `${cmd.name} completed, no messages` };
  const r = move ? await s.store.messages.move(box.id, uids, dest.id).catch(storeRefusal) : await s.store.messages.copy(box.id, uids, dest.id).catch(storeRefusal);
  const code = r.map.length ? `COPYUID ${r.uidValidity} ${formatSet(r.map.map((x) => x.from))} ${formatSet(r.map.map((x) => x.to))}` : undefined;
  s.log("info", `${move ? "moved" : "copied"} ${r.map.length} messages from ${JSON.stringify(box.name)} to ${JSON.stringify(dest.name)}`);
  if (!move) return { code, text: "COPY completed" };
  // RFC 6851 3.3: COPYUID goes in an untagged OK before the expunges.
  if (code) await s.untagged(`OK [${code}] moved`);
  await sendExpunges(s, box, r.map.map((x) => x.from));
  if (s.condstore && "expungeModseq" in r) return { code: `HIGHESTMODSEQ ${r.expungeModseq}`, text: "MOVE completed" };
}
