import type { AcceptedRecipient } from "../backend.ts";
import { decodeXtext, type EsmtpParam, ParseError, type PathArgs, parsePathArgs } from "../parser.ts";
import { SmtpError } from "../reply.ts";
import type { SmtpCommand } from "./types.ts";
import { backendRefusal, callBackend } from "./backend-call.ts";

const SYNTAX = "Syntax: RCPT TO:<address> [parameters]";
const NOTIFY = new Set(["SUCCESS", "FAILURE", "DELAY"]);

/** RCPT TO:<forward-path> [params] (RFC 5321 §4.1.1.3; NOTIFY, ORCPT of RFC 3461). */
export const RCPT: SmtpCommand = {
  verb: "RCPT",
  states: ["mail", "rcpt"],
  transaction: true,
  outOfSequence: (s) =>
    s.state.kind === "connected"
      ? new SmtpError(503, "5.5.1", "send HELO/EHLO first")
      : s.state.kind === "bdat"
        ? new SmtpError(503, "5.5.1", "RCPT not allowed after BDAT")
        : new SmtpError(503, "5.5.1", "need MAIL before RCPT"),
  async run(s, args) {
    const st = s.state;
    if (st.kind !== "mail" && st.kind !== "rcpt") throw new Error("RCPT outside a transaction");
    const tx = st.tx;
    let parsed: PathArgs;
    try {
      parsed = parsePathArgs(args, "TO");
    } catch (err) {
      if (!(err instanceof ParseError)) throw err;
      throw new SmtpError(501, err.part === "params" ? "5.5.4" : err.kind === "utf8" ? "5.6.7" : "5.1.3", `${SYNTAX} (${err.message})`);
    }
    if (tx.recipients.length >= s.limits.maxRecipients) {
      throw new SmtpError(452, "4.5.3", `too many recipients (at most ${s.limits.maxRecipients} per message)`, { bad: false });
    }
    const rcpt = parsed.path.address;
    if (!parsed.path.ascii && !tx.params.smtputf8) {
      throw new SmtpError(553, "5.6.7", "non-ASCII recipient address needs SMTPUTF8 on MAIL", { bad: false });
    }
    const dsn = rcptParams(parsed.params);
    const r = await callBackend(s, "checkRecipient", () => s.backend.checkRecipient(s.info, rcpt, dsn));
    // Permanent refusals count as bad commands: address guessing runs into maxErrors.
    if (!r.ok) throw backendRefusal(r.reply, true);
    tx.recipients.push(dsn && !r.recipient.dsn ? { ...r.recipient, dsn } : r.recipient);
    s.state = { kind: "rcpt", tx };
    await s.reply(250, "2.1.5", `<${rcpt}> recipient ok`);
  },
};

/**
 * NOTIFY and ORCPT (RFC 3461 §4.1, §4.2). NOTIFY is upper-cased; ORCPT keeps its address type
 * and has its xtext decoded: `rfc822;user@example.org`.
 */
export function rcptParams(list: EsmtpParam[]): AcceptedRecipient["dsn"] {
  let dsn: AcceptedRecipient["dsn"];
  for (const { keyword, value } of list) {
    const bad = (why: string) => new SmtpError(501, "5.5.4", `invalid ${keyword} parameter (${why})`);
    switch (keyword) {
      case "NOTIFY": {
        const items = value?.toUpperCase().split(",") ?? [];
        const never = items.length === 1 && items[0] === "NEVER";
        if (!never && (items.length === 0 || items.some((x) => !NOTIFY.has(x)) || new Set(items).size !== items.length)) {
          throw bad("NEVER, or one or more of SUCCESS,FAILURE,DELAY");
        }
        (dsn ??= {}).notify = items;
        break;
      }
      case "ORCPT": {
        const m = value !== null && value.length <= 500 ? /^([A-Za-z0-9-]+);(.+)$/.exec(value) : null;
        // RFC 6533's utf-8 type carries UTF-8 and \x{..} escapes of its own: kept as written.
        const addr = m ? (m[1]!.toLowerCase() === "utf-8" ? m[2]! : decodeXtext(m[2]!)) : null;
        if (!m || addr === null) throw bad("addr-type;xtext, at most 500 characters");
        (dsn ??= {}).orcpt = `${m[1]};${addr}`;
        break;
      }
      default:
        throw new SmtpError(555, "5.5.4", `unsupported parameter ${keyword}`);
    }
  }
  return dsn;
}
