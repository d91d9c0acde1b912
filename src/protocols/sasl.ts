/**
 * SASL pieces shared by SMTP AUTH (RFC 4954), POP3 AUTH (RFC 5034) and IMAP AUTHENTICATE
 * (RFC 9051): the strict base64 of a client response and the PLAIN message (RFC 4616). Each
 * protocol maps a failure to its own reply.
 *
 * @module
 */
import { utf8Strictly } from "../io/mod.ts";

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict base64 of a client response; `=` alone is the empty response. Null when it is not base64. */
export function decodeSaslResponse(b64: string): Uint8Array | null {
  if (b64 === "=") return new Uint8Array(0);
  if (!BASE64.test(b64)) return null;
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** A PLAIN message read apart. */
export type PlainCredentials =
  | { ok: true; authzid: string; username: string; password: string }
  /** `malformed`: not three NUL-separated fields; `not-utf8`: a field is not UTF-8. */
  | { ok: false; why: "malformed" | "not-utf8" };

/** PLAIN: `[authzid] NUL authcid NUL passwd`. */
export function parsePlain(bytes: Uint8Array): PlainCredentials {
  const parts: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0) {
      parts.push(bytes.subarray(start, i));
      start = i + 1;
    }
  }
  if (parts.length !== 3) return { ok: false, why: "malformed" };
  const [authzid, username, password] = parts.map((p) => utf8Strictly(p));
  if (authzid === null || username === null || password === null) return { ok: false, why: "not-utf8" };
  return { ok: true, authzid: authzid!, username: username!, password: password! };
}
