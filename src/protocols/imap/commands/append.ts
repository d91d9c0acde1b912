import { utf8 } from "../../../io/mod.ts";
import { summarize } from "../../../mime/mod.ts";
import { Args } from "../args.ts";
import { bad, no } from "../response.ts";
import type { ImapSession } from "../session.ts";
import { AUTHENTICATED } from "../state.ts";
import { findMailbox, mailboxArg, storeRefusal } from "./mailbox.ts";
import { parseFlags } from "./store.ts";
import type { ImapCommandSpec } from "./types.ts";

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

/** store.messages refuses a summary longer than this (src/store/messages.ts MAX_SUMMARY). */
const MAX_SUMMARY = 1024 * 1024;

/**
 * The MIME summary stored with the message, as delivery does, so FETCH never parses it; left out
 * (FETCH then computes it once) when it is too big to store or the parser fails.
 */
function summaryOf(s: ImapSession, bytes: Uint8Array): string | undefined {
  try {
    const json = JSON.stringify(summarize(bytes));
    if (json.length <= MAX_SUMMARY) return json;
    s.log("warn", `APPEND: MIME summary of ${json.length} characters too large to store`);
  } catch (e) {
    s.log("error", `APPEND: MIME summary failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  return undefined;
}

/**
 * APPEND mailbox [(flags)] [date-time] message (RFC 9051 6.3.12, literal8 for BINARY RFC 3516).
 * The literal's size was checked against `maxLiteralSize` before the continuation was sent
 * (NO [TOOBIG]); quota is the store's to check (NO [OVERQUOTA]). Answers APPENDUID (UIDPLUS).
 */
export const APPEND: ImapCommandSpec = {
  name: "APPEND",
  states: AUTHENTICATED,
  async run(s, cmd) {
    const a = new Args(cmd.args, "APPEND");
    const name = mailboxArg(s, a);
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
    const msg = a.any("message literal");
    if (msg.kind !== "string" || !msg.literal) throw bad("APPEND: the message must be a literal");
    if (a.left) throw bad("APPEND: unexpected arguments after the message (MULTIAPPEND and CATENATE are not supported)");
    if (msg.value.length === 0) throw no("APPEND: empty message", { code: "CANNOT" });
    // A NUL is only allowed in a literal8 (RFC 3516 4.4).
    if (!msg.binary && msg.value.includes(0)) throw no("APPEND: NUL in message; use a literal8 (~{n}) for binary content", { code: "UNKNOWN-CTE" });
    const box = await findMailbox(s, name, "TRYCREATE");
    const r = await s.store.messages.append({ mailboxId: box.id, blob: msg.value, flags, internalDate, summary: summaryOf(s, msg.value) }).catch(storeRefusal);
    s.log("info", `appended ${msg.value.length} bytes to ${JSON.stringify(box.name)} as UID ${r.uid}`);
    return { code: `APPENDUID ${box.uidValidity} ${r.uid}`, text: "APPEND completed" };
  },
};
