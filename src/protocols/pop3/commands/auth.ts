import { latin1 } from "../../../io/mod.ts";
import { decodeSaslResponse, parsePlain } from "../../sasl.ts";
import { badCommand, formatMultiline, Pop3Error } from "../reply.ts";
import type { Pop3Session } from "../session.ts";
import { login, plaintextRefused } from "./login.ts";
import type { Pop3Command } from "./types.ts";

/**
 * AUTH mechanism [initial-response] (RFC 5034) with PLAIN (RFC 4616). Without a response the
 * server asks with "+ " and reads one line; "*" cancels. Bare AUTH lists the mechanisms (the
 * RFC 1734 form some clients probe with). Refused in clear unless `allowPlaintextAuth`.
 */
export const AUTH: Pop3Command = {
  verb: "AUTH",
  states: ["authorization"],
  async run(s, rest) {
    const m = /^(?:([A-Za-z0-9_-]{1,20})(?: +(\S+))?)? *$/.exec(latin1(rest));
    if (!m) throw badCommand("syntax: AUTH mechanism [initial-response]");
    if (!s.loginAvailable) throw plaintextRefused(s);
    const mechanism = m[1]?.toUpperCase();
    if (mechanism === undefined) return void (await s.write(formatMultiline("SASL mechanisms follow", ["PLAIN"])));
    if (mechanism !== "PLAIN") throw new Pop3Error(undefined, `unsupported authentication mechanism ${mechanism}; PLAIN is offered`);
    const response = decode(m[2] ?? (await challenge(s)));
    const creds = plain(response);
    await login(s, creds.username, creds.password);
  },
};

/** Send the empty "+ " challenge and read the client's response line; "*" cancels (RFC 5034 §4). */
async function challenge(s: Pop3Session): Promise<string> {
  await s.write("+ \r\n");
  const line = await s.readLine();
  if (line === null || (line.kind === "line" && line.ending === "eof")) {
    throw new Pop3Error(undefined, "authentication aborted", { close: true });
  }
  if (line.kind === "too-long") throw badCommand("authentication response is too long");
  const response = latin1(line.bytes).trim();
  if (response === "*") throw new Pop3Error(undefined, "authentication cancelled");
  return response;
}

/** Strict base64; `=` alone is the empty response (RFC 5034 §4). */
function decode(b64: string): Uint8Array {
  const bytes = decodeSaslResponse(b64);
  if (bytes === null) throw badCommand("cannot decode the base64 response");
  return bytes;
}

/**
 * PLAIN: `[authzid] NUL authcid NUL passwd`. Acting for another user (an authzid other than the
 * authcid) is not offered, and credentials that are not UTF-8 cannot match: both are failed
 * logins (a null password), answered like a wrong password.
 */
function plain(bytes: Uint8Array): { username: string; password: string | null } {
  const creds = parsePlain(bytes);
  if (!creds.ok && creds.why === "malformed") throw badCommand("malformed PLAIN response");
  if (!creds.ok || creds.username === "") return { username: creds.ok ? creds.username : "", password: null };
  if ((creds.authzid !== "" && creds.authzid !== creds.username) || !creds.password) return { username: creds.username, password: null };
  return { username: creds.username, password: creds.password };
}
