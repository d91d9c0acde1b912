import { Args, isAtom } from "../args.ts";
import { mailboxToWire } from "../mailbox-name.ts";
import { bad } from "../response.ts";
import { SelectedMailbox } from "../selected.ts";
import { formatSet, inSet, parseSequenceSet } from "../sequence.ts";
import type { ImapSession } from "../session.ts";
import { AUTHENTICATED } from "../state.ts";
import { renderFlags } from "../fetch/mod.ts";
import type { ImapCommand, ImapToken } from "../wire/types.ts";
import { findMailbox, mailboxArg, storeRefusal } from "./mailbox.ts";
import type { ImapCommandSpec, TaggedOk } from "./types.ts";

/** The flags every mailbox offers; PERMANENTFLAGS adds `\*` (any keyword may be stored). */
export const SYSTEM_FLAGS = ["\\Answered", "\\Flagged", "\\Deleted", "\\Seen", "\\Draft"];
const KEYWORDS = ["$Forwarded", "$MDNSent", "$Junk", "$NotJunk", "$Phishing"];

/** QRESYNC parameters of SELECT (RFC 7162 3.2.5). */
interface Qresync {
  uidValidity: number;
  modseq: number;
  knownUids: string | null;
}

/**
 * SELECT / EXAMINE mailbox [(CONDSTORE | QRESYNC (...))] (RFC 9051 6.3.2, RFC 7162). The session
 * keeps only the UID list of the mailbox; counters come from the database. A mailbox selected
 * before is closed first (`* OK [CLOSED]`), even when the new one cannot be opened.
 */
function selectCommand(name: "SELECT" | "EXAMINE"): ImapCommandSpec {
  return {
    name,
    states: AUTHENTICATED,
    run: (s, cmd) => select(s, cmd, name === "EXAMINE"),
  };
}

export const SELECT = selectCommand("SELECT");
export const EXAMINE = selectCommand("EXAMINE");

async function select(s: ImapSession, cmd: ImapCommand, readOnly: boolean): Promise<TaggedOk> {
  const a = new Args(cmd.args, cmd.name);
  const name = mailboxArg(s, a);
  let qresync: Qresync | null = null;
  if (a.left) {
    const params = a.list("select parameters");
    for (let i = 0; i < params.length; i++) {
      const p = params[i]!;
      if (isAtom(p, "CONDSTORE")) s.condstoreUsed = true;
      else if (isAtom(p, "QRESYNC")) {
        if (!s.qresync) throw bad("QRESYNC must be enabled first (ENABLE QRESYNC)");
        const q = params[++i];
        if (q?.kind !== "list") throw bad("QRESYNC needs (uidvalidity modseq [known-uids [seq-match]])");
        qresync = parseQresync(q.items);
      } else throw bad(`${cmd.name}: unknown parameter ${p.kind === "atom" ? p.value.slice(0, 32) : ""}`);
    }
  }
  a.end();

  if (s.state.kind === "selected") {
    s.deselect();
    // RFC 7162 3.2.11 (and IMAP4rev2): say where the old mailbox's responses end.
    if (s.qresync || s.rev2) await s.untagged("OK [CLOSED] previous mailbox is now closed");
  }
  const mb = await findMailbox(s, name);
  const box = new SelectedMailbox({ id: mb.id, name: mb.name, readOnly, uidValidity: mb.uidValidity, changes: s.store.changes });
  let ok = false;
  try {
    box.load(await s.store.messages.uids(mb.id).catch(storeRefusal));
    const st = await s.store.mailboxes.status(mb.id).catch(storeRefusal);
    await s.untagged(`${box.exists} EXISTS`);
    if (!s.rev2) await s.untagged("0 RECENT");
    await s.untagged(`FLAGS (${[...SYSTEM_FLAGS, ...KEYWORDS].join(" ")})`);
    await s.untagged(`OK [PERMANENTFLAGS (${readOnly ? "" : [...SYSTEM_FLAGS, ...KEYWORDS, "\\*"].join(" ")})] ${readOnly ? "read-only mailbox" : "flags permitted"}`);
    if (!s.rev2 && st.unseen > 0) {
      const first = await firstUnseen(s, box);
      if (first > 0) await s.untagged(`OK [UNSEEN ${first}] first unseen message`);
    }
    await s.untagged(`OK [UIDVALIDITY ${box.uidValidity}] UIDs valid`);
    await s.untagged(`OK [UIDNEXT ${Math.max(st.uidNext, box.maxUid + 1)}] predicted next UID`);
    await s.untagged(`OK [HIGHESTMODSEQ ${st.highestModseq}] highest modseq`);
    if (s.rev2) await s.untagged(`LIST () "/" ${mailboxToWire(mb.name, s.utf8)}`);
    if (qresync && qresync.uidValidity === box.uidValidity) await resync(s, box, qresync);
    ok = true;
  } finally {
    if (!ok) box.close();
  }
  s.state = { kind: "selected", user: s.user, box };
  s.log("info", `${readOnly ? "examined" : "selected"} ${JSON.stringify(mb.name)} (${box.exists} messages)`);
  return { code: readOnly ? "READ-ONLY" : "READ-WRITE", text: `${cmd.name} completed` };
}

function parseQresync(items: readonly ImapToken[]): Qresync {
  const num = (t: ImapToken | undefined, what: string): number => {
    if (t?.kind !== "atom" || !/^\d{1,16}$/.test(t.value)) throw bad(`QRESYNC: ${what} must be a number`);
    return Number(t.value);
  };
  const uidValidity = num(items[0], "UIDVALIDITY");
  const modseq = num(items[1], "MODSEQ");
  let knownUids: string | null = null;
  if (items[2]?.kind === "atom") {
    knownUids = items[2].value;
    if (!parseSequenceSet(knownUids) || knownUids === "$") throw bad("QRESYNC: known UIDs must be a UID set");
  }
  // items[3] (sequence match data) only helps a server without expunge records; ours has them.
  if (items.length > 4 || (items[2] !== undefined && items[2].kind !== "atom" && items[2].kind !== "list")) throw bad("QRESYNC: too many parameters");
  return { uidValidity, modseq, knownUids };
}

/**
 * QRESYNC (RFC 7162 3.2.5.2): what was expunged since the client's MODSEQ as one
 * `VANISHED (EARLIER)`, then a FETCH with FLAGS and MODSEQ for each message changed since.
 */
async function resync(s: ImapSession, box: SelectedMailbox, q: Qresync): Promise<void> {
  let vanished = await s.store.messages.vanishedSince(box.id, q.modseq).catch(storeRefusal);
  if (q.knownUids) {
    const set = parseSequenceSet(q.knownUids)!;
    vanished = vanished.filter((u) => inSet(set, u, box.maxUid));
  }
  if (vanished.length) await s.untagged(`VANISHED (EARLIER) ${formatSet(vanished)}`);
  for await (const m of s.store.messages.scan(box.id, { changedSince: q.modseq })) {
    const seq = box.seqOf(m.uid);
    if (seq === 0) continue;
    await s.write(renderFlags(seq, m.flags, { uid: m.uid, modseq: m.modseq }));
  }
}

/** Sequence number of the first message without \Seen (IMAP4rev1 `[UNSEEN n]`), 0 if none. */
async function firstUnseen(s: ImapSession, box: SelectedMailbox): Promise<number> {
  for await (const m of s.store.messages.scan(box.id)) {
    if (!m.flags.includes("\\Seen")) return box.seqOf(m.uid);
  }
  return 0;
}
