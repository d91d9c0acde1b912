/**
 * Mailbox names between the wire and the store. The store keeps Unicode names with `/` as the
 * hierarchy delimiter; IMAP4rev1 clients send and expect modified UTF-7 (RFC 3501 5.1.3), while
 * IMAP4rev2 (RFC 9051 5.1) and UTF8=ACCEPT sessions use UTF-8. A raw UTF-8 name from a rev1
 * client is accepted too, since several clients send one.
 *
 * @module
 */
import { utf8Strictly } from "../../io/mod.ts";
import { decodeMutf7, encodeMutf7 } from "./mutf7.ts";
import { bad } from "./response.ts";
import { imapString } from "./wire/encode.ts";

/** The hierarchy delimiter. */
export const DELIMITER = "/";

/** A name as the client sent it, in store form (INBOX upper-cased). Throws BAD when undecodable. */
export function mailboxFromWire(bytes: Uint8Array, utf8: boolean): string {
  const text = utf8Strictly(bytes);
  if (text === null) throw bad("mailbox name is not valid UTF-8");
  let name = text;
  // Only pure ASCII can be modified UTF-7; 8-bit input is taken as UTF-8.
  if (!utf8 && /^[\x20-\x7e]*$/.test(text)) {
    const d = decodeMutf7(text);
    if (d === null) throw bad("mailbox name is not valid modified UTF-7 (write & as &-)");
    name = d;
  }
  if (/[\u0000-\u001f\u007f]/.test(name)) throw bad("control characters are not allowed in mailbox names");
  return normalizeInbox(name);
}

/** `INBOX` in any case is INBOX, also as the first level of a hierarchy (RFC 9051 5.1). */
export function normalizeInbox(name: string): string {
  if (name.length >= 5 && name.slice(0, 5).toUpperCase() === "INBOX" && (name.length === 5 || name[5] === DELIMITER)) return "INBOX" + name.slice(5);
  return name;
}

/** A store name as an IMAP string for this session. */
export function mailboxToWire(name: string, utf8: boolean): string {
  return utf8 ? imapString(name, { utf8: true }) : imapString(encodeMutf7(name), { utf8: false });
}
