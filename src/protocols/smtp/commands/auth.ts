import { latin1, utf8Strictly } from "../../../io/mod.ts";
import { decodeSaslResponse, parsePlain } from "../../sasl.ts";
import { SmtpError } from "../reply.ts";
import { AUTH_LINE_MAX, type SmtpSession } from "../session.ts";
import { callBackend } from "./backend-call.ts";
import type { SmtpCommand } from "./types.ts";

/**
 * AUTH mechanism [initial-response] (RFC 4954) with PLAIN (RFC 4616) and LOGIN. Offered under
 * TLS only unless `allowPlaintextAuth`; not during a transaction; once per session. Each failure
 * is answered after `authFailureDelayMs`, and the `maxAuthFailures`th closes the connection.
 */
export const AUTH: SmtpCommand = {
  verb: "AUTH",
  states: ["ready"],
  outOfSequence: (s) =>
    s.state.kind === "connected"
      ? new SmtpError(503, "5.5.1", "send EHLO first")
      : new SmtpError(503, "5.5.1", "AUTH not allowed during a mail transaction"),
  async run(s, args) {
    if (s.identity) throw new SmtpError(503, "5.5.1", "already authenticated");
    if (!s.authAvailable) throw new SmtpError(538, "5.7.11", "encryption required for requested authentication mechanism", { bad: false });
    const text = latin1(args);
    const m = /^([A-Za-z0-9_-]+)(?: +(\S+))?$/.exec(text);
    if (!m) throw new SmtpError(501, "5.5.4", "Syntax: AUTH mechanism [initial-response]");
    const mechanism = m[1]!.toUpperCase();
    const initial = m[2];
    let creds: { username: string; password: string } | null;
    if (mechanism === "PLAIN") creds = await plain(s, initial);
    else if (mechanism === "LOGIN") creds = await login(s, initial);
    else throw new SmtpError(504, "5.5.4", "unrecognized authentication type");
    const identity = creds ? await callBackend(s, "authenticate", () => s.backend.authenticate(creds.username, creds.password)) : null;
    if (!identity) {
      s.authFailures++;
      s.log("warn", `authentication failed${creds ? ` for ${JSON.stringify(creds.username)}` : ""} (${s.authFailures} of ${s.limits.maxAuthFailures})`);
      await s.flush();
      await s.pause(s.limits.authFailureDelayMs);
      if (s.authFailures >= s.limits.maxAuthFailures) {
        throw new SmtpError(421, "4.7.0", `${s.ctx.hostname} too many authentication failures, closing connection`, { close: true });
      }
      throw new SmtpError(535, "5.7.8", "authentication credentials invalid", { bad: false });
    }
    s.identity = identity;
    s.log("info", `authenticated as ${identity.address}`);
    await s.reply(235, "2.7.0", "authentication successful");
  },
};

/** PLAIN: `[authzid] NUL authcid NUL passwd`; an authzid other than the authcid is refused. */
async function plain(s: SmtpSession, initial: string | undefined): Promise<{ username: string; password: string } | null> {
  const creds = parsePlain(decode(initial ?? (await challenge(s, ""))));
  if (!creds.ok) throw new SmtpError(501, "5.5.2", creds.why === "malformed" ? "malformed PLAIN response" : "credentials are not valid UTF-8");
  const { authzid, username, password } = creds;
  // Acting for another user (proxy authorization) is not offered.
  if (authzid !== "" && authzid !== username) return null;
  return { username, password };
}

/** LOGIN: username and password, each asked for in base64 ("Username:", "Password:"). */
async function login(s: SmtpSession, initial: string | undefined): Promise<{ username: string; password: string }> {
  const username = text(decode(initial ?? (await challenge(s, "VXNlcm5hbWU6"))));
  const password = text(decode(await challenge(s, "UGFzc3dvcmQ6")));
  return { username, password };
}

/** Send a 334 challenge and read the client's response line; `*` cancels (RFC 4954 §4). */
async function challenge(s: SmtpSession, data: string): Promise<string> {
  await s.reply(334, undefined, data);
  const line = await s.readLine(AUTH_LINE_MAX);
  if (line === null || (line.kind === "line" && line.ending === "eof")) {
    s.ending = true;
    throw new SmtpError(501, "5.5.2", "authentication aborted", { close: true });
  }
  if (line.kind === "too-long") throw new SmtpError(500, "5.5.6", "authentication exchange line is too long");
  if (line.ending !== "crlf" || line.bareCr) throw new SmtpError(501, "5.5.2", "response lines must end with CRLF");
  const response = latin1(line.bytes).trim();
  if (response === "*") throw new SmtpError(501, "5.0.0", "authentication cancelled", { bad: false });
  return response;
}

/** Strict base64 (`=` alone is the empty response, RFC 4954 §4). */
function decode(b64: string): Uint8Array {
  const bytes = decodeSaslResponse(b64);
  if (bytes === null) throw new SmtpError(501, "5.5.2", "cannot decode base64 response");
  return bytes;
}

function text(bytes: Uint8Array): string {
  const t = utf8Strictly(bytes);
  if (t === null) throw new SmtpError(501, "5.5.2", "credentials are not valid UTF-8");
  return t;
}
