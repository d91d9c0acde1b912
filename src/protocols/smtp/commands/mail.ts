import type { Envelope } from "../backend.ts";
import { decodeXtext, type EsmtpParam, ParseError, type PathArgs, parsePathArgs } from "../parser.ts";
import { SmtpError } from "../reply.ts";
import type { SmtpSession } from "../session.ts";
import { backendRefusal, callBackend } from "./backend-call.ts";
import type { SmtpCommand } from "./types.ts";

const SYNTAX = "Syntax: MAIL FROM:<address> [parameters]";

/** MAIL FROM:<reverse-path> [params] (RFC 5321 §4.1.1.2; SIZE, BODY, SMTPUTF8, RET, ENVID, AUTH). */
export const MAIL: SmtpCommand = {
  verb: "MAIL",
  states: ["ready"],
  transaction: true,
  outOfSequence: (s) =>
    s.state.kind === "connected"
      ? new SmtpError(503, "5.5.1", "send HELO/EHLO first")
      : new SmtpError(503, "5.5.1", "nested MAIL command; send RSET first"),
  async run(s, args) {
    if (s.requiresAuth && !s.identity) {
      throw new SmtpError(530, "5.7.0", s.authAvailable ? "authentication required" : "must issue a STARTTLS command first", { bad: false });
    }
    let parsed: PathArgs;
    try {
      parsed = parsePathArgs(args, "FROM");
    } catch (err) {
      if (!(err instanceof ParseError)) throw err;
      throw new SmtpError(501, err.part === "params" ? "5.5.4" : err.kind === "utf8" ? "5.6.7" : "5.1.7", `${SYNTAX} (${err.message})`);
    }
    const params = mailParams(parsed.params, s.limits.maxMessageSize);
    const from = parsed.path.address;
    if (!parsed.path.ascii && !params.smtputf8) {
      throw new SmtpError(553, "5.6.7", "non-ASCII sender address needs the SMTPUTF8 parameter", { bad: false });
    }
    const refusal = await callBackend(s, "checkSender", () => s.backend.checkSender(s.info, from));
    if (refusal) throw backendRefusal(refusal);
    s.state = { kind: "mail", tx: { id: s.newId(), from, params, recipients: [] } };
    s.commandsSinceMail = 0;
    await s.reply(250, "2.1.0", `<${from}> sender ok`);
  },
};

/**
 * The MAIL parameters as the envelope keeps them. ENVID is xtext-decoded. AUTH= (RFC 4954 §5)
 * is accepted and ignored: this server does not take other servers' word for who submitted.
 */
export function mailParams(list: EsmtpParam[], maxSize: number): Envelope["params"] {
  const out: Envelope["params"] = {};
  for (const { keyword, value } of list) {
    const bad = (why = "") => new SmtpError(501, "5.5.4", `invalid ${keyword} parameter${why}`);
    switch (keyword) {
      case "SIZE": {
        if (value === null || !/^\d{1,20}$/.test(value)) throw bad();
        const n = Number(value);
        // RFC 1870 §6: refuse at once what could never be accepted.
        if (n > maxSize) throw new SmtpError(552, "5.3.4", `message size exceeds fixed maximum message size (${maxSize} bytes)`, { bad: false });
        out.size = n;
        break;
      }
      case "BODY": {
        const v = value?.toUpperCase();
        if (v === "7BIT" || v === "8BITMIME") out.body = v;
        else if (v === "BINARYMIME") throw new SmtpError(555, "5.5.4", "BODY=BINARYMIME not supported");
        else throw bad();
        break;
      }
      case "SMTPUTF8":
        if (value !== null) throw bad(" (it takes no value)");
        out.smtputf8 = true;
        break;
      case "RET": {
        const v = value?.toUpperCase();
        if (v !== "FULL" && v !== "HDRS") throw bad(" (FULL or HDRS)");
        out.ret = v;
        break;
      }
      case "ENVID": {
        const decoded = value !== null && value.length <= 100 ? decodeXtext(value) : null;
        if (decoded === null) throw bad(" (xtext, at most 100 characters)");
        out.envid = decoded;
        break;
      }
      case "AUTH":
        if (value === null || (value !== "<>" && decodeXtext(value) === null)) throw bad();
        break;
      default:
        throw new SmtpError(555, "5.5.4", `unsupported parameter ${keyword}`);
    }
  }
  return out;
}
