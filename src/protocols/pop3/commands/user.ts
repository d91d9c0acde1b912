import { utf8Strictly } from "../../../io/mod.ts";
import { badCommand } from "../reply.ts";
import { login, plaintextRefused } from "./login.ts";
import type { Pop3Command } from "./types.ts";

/** Longest user name taken (an address is at most 254 octets; a little room for UTF-8). */
const MAX_USER = 320;

/**
 * USER name (RFC 1939 §7). Always `+OK`: whether the name exists is told by nothing but a
 * successful PASS. Refused in clear unless `allowPlaintextAuth`, before a password is sent.
 */
export const USER: Pop3Command = {
  verb: "USER",
  states: ["authorization"],
  async run(s, rest) {
    if (!s.loginAvailable) throw plaintextRefused(s);
    const name = utf8Strictly(rest)?.replace(/ +$/, "");
    if (!name || name.length > MAX_USER || /[\s\x00-\x1f\x7f]/.test(name)) throw badCommand("syntax: USER name");
    s.state = { kind: "authorization", user: name };
    await s.ok("send PASS");
  },
};

/**
 * PASS string (RFC 1939 §7): the rest of the line is the password, spaces included. A failure
 * forgets the USER name, so the client starts over with USER.
 */
export const PASS: Pop3Command = {
  verb: "PASS",
  states: ["authorization"],
  async run(s, rest) {
    if (!s.loginAvailable) throw plaintextRefused(s);
    if (s.state.kind !== "authorization" || s.state.user === undefined) throw badCommand("send USER first");
    if (rest.length === 0) throw badCommand("syntax: PASS password");
    const user = s.state.user;
    s.state = { kind: "authorization" };
    // A password that is not UTF-8 cannot match a stored one (they are set as text): a plain failure.
    await login(s, user, utf8Strictly(rest));
  },
};
