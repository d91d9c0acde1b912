import { utf8 } from "../../../io/mod.ts";
import { storableSummary } from "../../../mail/summary.ts";
import { Args, isAtom } from "../args.ts";
import { bad, no } from "../response.ts";
import type { ImapSession } from "../session.ts";
import { AUTHENTICATED } from "../state.ts";
import { stageBlob, type StagedBlob } from "../../../store/mod.ts";
import { formatSet } from "../sequence.ts";
import { findMailbox, mailboxArg, storeRefusal } from "./mailbox.ts";
import { parseFlags } from "./store.ts";
import type { ImapCommandSpec } from "./types.ts";
import type { ImapToken } from "../wire/types.ts";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DATE_TIME = /^([ \d]?\d)-([A-Za-z]{3})-(\d{4}) (\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)$/;

/** RFC 9051 `date-time`: `"17-Jul-1996 02:44:25 -0700"`; null when it is not one. */
export function parseDateTime(text: string): Date | null {
  const m = DATE_TIME.exec(text);
  if (!m) return null;
  const month = MONTHS.findIndex((x) => x.toLowerCase() === m[2]!.toLowerCase());
  const [day, year, h, min, sec, zh, zm] = [m[1]!, m[3]!, m[4]!, m[5]!, m[6]!, m[8]!, m[9]!].map((x) => Number(x.trim())) as number[];
  if (month < 0 || day! < 1 || day! > 31 || h! > 23 || min! > 59 || sec! > 60 || zm! > 59) return null;
  const offset = (m[7] === "-" ? -1 : 1) * (zh! * 60 + zm!);
  const t = Date.UTC(year!, month, day!, h!, min!, sec!) - offset * 60_000;
  const d = new Date(t);
  // 31-Feb and the like roll over in Date.UTC; refuse them instead.
  if (new Date(Date.UTC(year!, month, day!)).getUTCMonth() !== month) return null;
  return d;
}

/** The summary to store, as delivery does, or undefined (logged): FETCH then computes it once. */
function summaryOf(s: ImapSession, bytes: Uint8Array): string | undefined {
  const r = storableSummary(bytes);
  if (r.ok) return r.json;
  s.log(r.level, `APPEND: ${r.why}`);
  return undefined;
}

/** One message of an APPEND (several with MULTIAPPEND). */
interface Item {
  bytes: Uint8Array;
  flags: string[];
  internalDate?: Date;
}

/** `[(flags)] [date-time] literal`, or `UTF8 (literal8)` for the message; null when no arguments are left. */
function item(s: ImapSession, a: Args): Item | null {
  if (!a.left) return null;
  let flags: string[] = [];
  if (a.peek()?.kind === "list") flags = parseFlags(a.list("flag list"), "APPEND");
  let internalDate: Date | undefined;
  const maybeDate = a.peek();
  if (maybeDate?.kind === "string" && !maybeDate.literal) {
    a.any("date-time");
    const d = parseDateTime(utf8(maybeDate.value));
    if (!d) throw bad("APPEND: invalid date-time (expected \"dd-Mon-yyyy hh:mm:ss +zzzz\")");
    internalDate = d;
  }
  const msg = isAtom(a.peek(), "UTF8") ? utf8Message(s, a) : a.any("message literal");
  if (msg.kind !== "string" || !msg.literal) throw bad("APPEND: the message must be a literal (CATENATE is not supported)");
  if (msg.value.length === 0) throw no("APPEND: empty message", { code: "CANNOT" });
  // A NUL is only allowed in a literal8 (RFC 3516 4.4).
  if (!msg.binary && msg.value.includes(0)) throw no("APPEND: NUL in message; use a literal8 (~{n}) for binary content", { code: "UNKNOWN-CTE" });
  return { bytes: msg.value, flags, ...(internalDate ? { internalDate } : {}) };
}

/**
 * RFC 6855 4: `UTF8 (~{n}...)`, a message whose header may carry raw UTF-8 (RFC 6532), only in a
 * session that enabled UTF8=ACCEPT and only as a literal8, as the grammar says.
 */
function utf8Message(s: ImapSession, a: Args): ImapToken {
  a.any("UTF8");
  if (!s.enabled.has("UTF8=ACCEPT")) throw bad("APPEND: UTF8 (~{n}) needs ENABLE UTF8=ACCEPT first");
  const inner = a.peek()?.kind === "list" ? a.list("UTF8 message") : [];
  const msg = inner[0];
  if (inner.length !== 1 || msg?.kind !== "string" || !msg.literal || !msg.binary) throw bad("APPEND: UTF8 must be followed by (~{n}) with the message as one literal8");
  return msg;
}

/**
 * APPEND mailbox [(flags)] [date-time] message [[(flags)] [date-time] message ...] (RFC 9051
 * 6.3.12, MULTIAPPEND RFC 3502, literal8 for BINARY RFC 3516). Each literal's size was checked
 * against `maxLiteralSize` before its continuation was sent (NO [TOOBIG]), and all of one
 * command's literals together against `maxLiteralSize` + `maxLineLength`. Several messages are
 * stored in one transaction: all or none. Quota is the store's to check (NO [OVERQUOTA]).
 * Answers APPENDUID (UIDPLUS) with the new UIDs. A message may come as `UTF8 (~{n})` after ENABLE
 * UTF8=ACCEPT (RFC 6855 4). RFC 6855 also asks for NO to 8-bit headers from a session that did not
 * enable it; they are stored instead, as they always were, because older clients file their Sent
 * copies of RFC 6532 mail that way and would lose them.
 */
export const APPEND: ImapCommandSpec = {
  name: "APPEND",
  states: AUTHENTICATED,
  async run(s, cmd) {
    const a = new Args(cmd.args, "APPEND");
    const name = mailboxArg(s, a);
    const items: Item[] = [];
    for (let it = item(s, a); it; it = item(s, a)) items.push(it);
    if (items.length === 0) throw bad("APPEND: missing message literal");
    const box = await findMailbox(s, name, "TRYCREATE");
    const uids = items.length === 1 ? [await appendOne(s, box.id, items[0]!)] : await appendAll(s, box.id, items);
    const bytes = items.reduce((n, i) => n + i.bytes.length, 0);
    s.log("info", `appended ${items.length} message${items.length > 1 ? "s" : ""} (${bytes} bytes) to ${JSON.stringify(box.name)} as UID ${formatSet(uids)}`);
    return { code: `APPENDUID ${box.uidValidity} ${formatSet(uids)}`, text: "APPEND completed" };
  },
};

async function appendOne(s: ImapSession, mailboxId: number, it: Item): Promise<number> {
  const r = await s.store.messages.append({ mailboxId, blob: it.bytes, flags: it.flags, internalDate: it.internalDate, summary: summaryOf(s, it.bytes) }).catch(storeRefusal);
  return r.uid;
}

/** MULTIAPPEND: bodies staged first, then every row in one write, so it is all or nothing. */
async function appendAll(s: ImapSession, mailboxId: number, items: Item[]): Promise<number[]> {
  const staged: StagedBlob[] = [];
  try {
    for (const it of items) staged.push(await stageBlob(s.store.blobs, it.bytes));
    return await s.store.write(async (tx) => {
      const uids: number[] = [];
      for (const [i, it] of items.entries()) {
        const r = await s.store.messages.appendIn(tx, { mailboxId, body: staged[i]!, flags: it.flags, internalDate: it.internalDate, summary: summaryOf(s, it.bytes) });
        uids.push(r.uid);
      }
      return uids;
    });
  } catch (e) {
    await Promise.all(staged.map((b) => b.discard()));
    return storeRefusal(e);
  }
}
