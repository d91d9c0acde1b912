import { decodeSaslResponse, parsePlain } from "../../sasl.ts";
import { Args } from "../args.ts";
import { bad, no } from "../response.ts";
import type { ImapSession } from "../session.ts";
import { NOT_AUTHENTICATED } from "../state.ts";
import type { ImapCommandSpec } from "./types.ts";
import { logIn } from "./verify.ts";

/** RFC 4616 allows 255 octets per field; base64 of three such fields and two NULs fits in this. */
const MAX_RESPONSE = 2048;

/**
 * AUTHENTICATE PLAIN [initial-response] (RFC 9051 6.2.2, SASL-IR RFC 4959, PLAIN RFC 4616).
 * Without an initial response the server sends an empty continuation and reads one line; `*`
 * cancels (BAD). An authorization identity other than the user is refused.
 */
export const AUTHENTICATE: ImapCommandSpec = {
  name: "AUTHENTICATE",
  states: NOT_AUTHENTICATED,
  async run(s, cmd) {
    const a = new Args(cmd.args, "AUTHENTICATE");
    const mechanism = a.atom("mechanism").toUpperCase();
    const initial = a.left ? a.atom("initial response") : undefined;
    a.end();
    if (mechanism !== "PLAIN") throw no(`unsupported authentication mechanism ${mechanism.slice(0, 32)}`, { code: "CANNOT" });
    if (!s.authAvailable) {
      s.log("info", "AUTHENTICATE refused before STARTTLS");
      throw no("authentication is disabled until STARTTLS", { code: "PRIVACYREQUIRED" });
    }
    const raw = decodeSaslResponse(initial ?? (await response(s)));
    if (raw === null) throw bad("cannot decode base64 response");
    const creds = parsePlain(raw);
    if (!creds.ok) throw bad(creds.why === "malformed" ? "malformed PLAIN response" : "credentials are not valid UTF-8");
    const { authzid, username: user, password: pass } = creds;
    // Acting for another user (proxy authorization) is not offered.
    if (authzid !== "" && authzid !== user) {
      s.log("info", `AUTHENTICATE refused: authorization identity ${JSON.stringify(authzid.slice(0, 256))} differs from ${JSON.stringify(user.slice(0, 256))}`);
      throw no("authorization identity must be empty or the user name", { code: "AUTHORIZATIONFAILED" });
    }
    if (user === "" || pass === "") throw no("authentication failed", { code: "AUTHENTICATIONFAILED" });
    return logIn(s, user, pass);
  },
};

/** Send the empty challenge and read the client's line. */
async function response(s: ImapSession): Promise<string> {
  await s.write("+ \r\n");
  const line = await s.readLine(MAX_RESPONSE);
  if (line === null || (line.kind === "line" && line.ending === "eof")) {
    s.ending = true;
    throw bad("authentication aborted", { close: true });
  }
  if (line.kind === "too-long") throw bad("authentication response too long", { close: true });
  let text = "";
  for (const b of line.bytes) text += String.fromCharCode(b);
  text = text.trim();
  if (text === "*") throw bad("authentication cancelled");
  return text;
}
