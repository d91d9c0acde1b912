import { Args, isAtom } from "../args.ts";
import { bad, no } from "../response.ts";
import { formatSet } from "../sequence.ts";
import { SELECTED } from "../state.ts";
import { renderFlags } from "../fetch/mod.ts";
import type { ImapToken } from "../wire/types.ts";
import { storeRefusal } from "./mailbox.ts";
import { targetUids } from "./message-set.ts";
import type { ImapCommandSpec, TaggedOk } from "./types.ts";

const SYSTEM = new Map(["\\answered", "\\flagged", "\\deleted", "\\seen", "\\draft"].map((f) => [f, f[1]!.toUpperCase() + f.slice(2)]));
// flag-keyword = atom, minus `]` (resp-specials) which the parser lets through in atoms.
const KEYWORD = /^[^\\\]\s()\[{%*"\x00-\x1f\x7f]{1,128}$/;

/** The flag list of STORE / APPEND in canonical spelling; BAD for anything that is not a flag. */
export function parseFlags(tokens: readonly ImapToken[], command: string): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    if (t.kind !== "atom" || t.section) throw bad(`${command}: a flag must be an atom`);
    const v = t.value;
    if (v.startsWith("\\")) {
      // \Recent is the server's to set (RFC 3501 2.3.2) and gone from IMAP4rev2: ignored.
      if (v.toLowerCase() === "\\recent") continue;
      const sys = SYSTEM.get(v.toLowerCase());
      if (!sys) throw bad(`${command}: unknown system flag ${v.slice(0, 32)}`);
      out.push("\\" + sys);
    } else {
      if (!KEYWORD.test(v)) throw bad(`${command}: invalid keyword ${JSON.stringify(v.slice(0, 32))}`);
      out.push(v);
    }
  }
  return out;
}

/**
 * STORE / UID STORE set [(UNCHANGEDSINCE m)] [+|-]FLAGS[.SILENT] flags (RFC 9051 6.4.6, RFC 7162
 * 3.1.3). Answers a FETCH for each message whose flags changed (none with .SILENT, except the
 * MODSEQ CONDSTORE asks for), and `[MODIFIED set]` for messages changed since UNCHANGEDSINCE.
 */
export const STORE: ImapCommandSpec = {
  name: "STORE",
  states: SELECTED,
  uid: true,
  holdExpunges: true,
  async run(s, cmd): Promise<TaggedOk | void> {
    const a = new Args(cmd.args, cmd.uid ? "UID STORE" : "STORE");
    const setText = a.atom("message set");
    let unchangedSince: number | undefined;
    if (a.peek()?.kind === "list") {
      const mods = a.list("STORE modifiers");
      if (mods.length !== 2 || !isAtom(mods[0], "UNCHANGEDSINCE") || mods[1]!.kind !== "atom" || !/^\d{1,16}$/.test(mods[1]!.value)) {
        throw bad("STORE: the only modifier is (UNCHANGEDSINCE mod-sequence)");
      }
      unchangedSince = Number(mods[1]!.value);
      s.condstoreUsed = true;
    }
    const item = a.atom("data item").toUpperCase();
    const m = /^([+-]?)FLAGS(\.SILENT)?$/.exec(item);
    if (!m) throw bad("STORE: expected FLAGS, +FLAGS or -FLAGS (optionally .SILENT)");
    const op = m[1] === "+" ? "add" : m[1] === "-" ? "remove" : "replace";
    const silent = m[2] !== undefined;
    const rest = a.rest();
    const flags = parseFlags(rest.length === 1 && rest[0]!.kind === "list" ? rest[0]!.items : rest, "STORE");
    if (rest.length === 0) throw bad("STORE: missing flag list");
    if (s.state.kind !== "selected") return;
    const box = s.state.box;
    const uids = targetUids(box, setText, cmd.uid);
    if (box.readOnly) throw no("mailbox is read-only", { code: "READ-ONLY" });
    if (uids.length === 0) return;
    const r = await s.store.messages.setFlags(box.id, uids, op, flags, unchangedSince === undefined ? {} : { unchangedSince }).catch(storeRefusal);
    if (r.changed.length) box.ownFlags(r.changed[0]!.modseq);
    const condstore = s.condstore;
    for (const c of r.changed) {
      const seq = box.seqOf(c.uid);
      if (seq === 0) continue;
      if (!silent) await s.write(renderFlags(seq, c.flags, { uid: cmd.uid || condstore ? c.uid : undefined, modseq: condstore ? c.modseq : undefined }));
      else if (condstore) await s.write(`* ${seq} FETCH (UID ${c.uid} MODSEQ (${c.modseq}))\r\n`);
    }
    if (r.modified.length) {
      const set = cmd.uid ? r.modified : r.modified.map((u) => box.seqOf(u)).filter((n) => n > 0).sort((x, y) => x - y);
      return { code: `MODIFIED ${formatSet(set)}`, text: "conditional STORE failed for some messages" };
    }
  },
};
