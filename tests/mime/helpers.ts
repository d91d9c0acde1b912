// Shared by the MIME tests: building messages, the structural invariants every summary must
// keep, and the summary rendered as the tree an IMAP BODYSTRUCTURE/ENVELOPE parses into (for the
// comparison with Dovecot).
import assert from "node:assert/strict";
import type { Envelope, EnvelopeAddress, MessageSummary, MimePart } from "../../src/mime/types.ts";

const encoder = new TextEncoder();

/** A message from text written with "\n": lines end with CRLF, as stored mail does. */
export function msg(text: string): Uint8Array {
  return encoder.encode(text.replace(/\r?\n/g, "\r\n"));
}

/** Bytes from a string of chars <= 0xFF, one byte each (8-bit fixtures). */
export function bytesOf(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
}

export const ascii = (b: Uint8Array | null): string | null => (b === null ? null : new TextDecoder("latin1").decode(b).replace(/[\x80-\x9f]/g, "?"));

/** The bytes of `part`'s body as a string (latin1). */
export function bodyText(bytes: Uint8Array, p: MimePart): string {
  return String.fromCharCode(...bytes.subarray(p.bodyStart, p.bodyEnd));
}

/** Every part with its IMAP-ish path ("" for the top), depth first. */
export function allParts(summary: MessageSummary): { path: string; part: MimePart }[] {
  const out: { path: string; part: MimePart }[] = [];
  const walk = (p: MimePart, path: string) => {
    out.push({ path, part: p });
    p.parts?.forEach((c, i) => walk(c, path === "" ? `${i + 1}` : `${path}.${i + 1}`));
    if (p.message) walk(p.message.part, path === "" ? "msg" : `${path}.msg`);
  };
  walk(summary.part, "");
  return out;
}

function countLf(bytes: Uint8Array, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) if (bytes[i] === 10) n++;
  return n;
}

/** Asserts the structural invariants of a summary of `bytes`; `label` names the case on failure. */
export function checkInvariants(bytes: Uint8Array, s: MessageSummary, label = ""): void {
  const fail = (path: string, what: string) => assert.fail(`${label} part ${path || "(top)"}: ${what}`);
  assert.equal(s.v, 1);
  assert.equal(s.part.headerStart, 0, `${label} top headerStart`);
  assert.equal(s.part.bodyEnd, bytes.length, `${label} top bodyEnd`);
  // JSON is how it is stored: nothing may be lost on the way.
  assert.deepEqual(JSON.parse(JSON.stringify(s)), s, `${label} JSON round trip`);
  const check = (p: MimePart, path: string) => {
    if (!(0 <= p.headerStart && p.headerStart <= p.bodyStart && p.bodyStart <= p.bodyEnd && p.bodyEnd <= bytes.length)) {
      fail(path, `offsets out of order or bounds: ${p.headerStart} ${p.bodyStart} ${p.bodyEnd} / ${bytes.length}`);
    }
    if (p.size !== p.bodyEnd - p.bodyStart) fail(path, `size ${p.size} != ${p.bodyEnd - p.bodyStart}`);
    const lf = p.type === "text" || p.type === "message" ? countLf(bytes, p.bodyStart, p.bodyEnd) : 0;
    if (p.lines !== lf) fail(path, `lines ${p.lines} != ${lf}`);
    if (!/^[a-z0-9!#$%&'*+\-.^_`{|}~]+$/.test(p.type) || !/^[a-z0-9!#$%&'*+\-.^_`{|}~]+$/.test(p.subtype)) fail(path, `bad type ${p.type}/${p.subtype}`);
    if ((p.type === "message" && (p.subtype === "rfc822" || p.subtype === "global")) !== !!p.message) fail(path, "message/* without message, or message on another type");
    if ((p.type === "multipart") !== !!p.parts) fail(path, "multipart without parts, or parts on another type");
    if (p.parts) {
      let at = p.bodyStart;
      const boundary = p.params.find(([n]) => n === "boundary")?.[1];
      p.parts.forEach((c, i) => {
        const cp = path === "" ? `${i + 1}` : `${path}.${i + 1}`;
        if (c.headerStart < at) fail(cp, `starts at ${c.headerStart}, before ${at} (previous part or parent body)`);
        // Between two parts (and before the first) there is a delimiter line of this multipart.
        if (boundary !== undefined && !includesDelimiter(bytes, at, c.headerStart, boundary)) fail(cp, `no delimiter between ${at} and ${c.headerStart}`);
        if (c.bodyEnd > p.bodyEnd) fail(cp, `ends at ${c.bodyEnd}, after its parent's body ${p.bodyEnd}`);
        at = c.bodyEnd;
        check(c, cp);
      });
    }
    if (p.message) {
      const m = p.message.part;
      const mp = path === "" ? "msg" : `${path}.msg`;
      if (m.headerStart < p.bodyStart || m.bodyEnd > p.bodyEnd) fail(mp, "encapsulated message outside its part's body");
      // A parsed message is exactly its part's body; one we do not open is empty, at the body's end.
      const parsed = p.encoding === "7BIT" || p.encoding === "8BIT" || p.encoding === "BINARY";
      const [from, to] = parsed ? [p.bodyStart, p.bodyEnd] : [p.bodyEnd, p.bodyEnd];
      if (m.headerStart !== from || m.bodyEnd !== to) fail(mp, `encapsulated message [${m.headerStart}, ${m.bodyEnd}) is not [${from}, ${to})`);
      check(m, mp);
    }
  };
  check(s.part, "");
}

/** True when `bytes[start, end)` contains `--` + boundary (its bytes as UTF-8 or as one byte per char). */
function includesDelimiter(bytes: Uint8Array, start: number, end: number, boundary: string): boolean {
  const has = (needle: Uint8Array) => {
    outer: for (let i = start; i + needle.length <= end; i++) {
      for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
      return true;
    }
    return false;
  };
  return has(encoder.encode("--" + boundary)) || has(bytesOf("--" + boundary));
}

// ---- The summary as the value tree of an IMAP response (strings, numbers, null, lists) ----

export type Tree = string | number | null | Tree[];

const params = (ps: [string, string][]): Tree => (ps.length === 0 ? null : ps.flat());

function address(a: EnvelopeAddress): Tree {
  return [a.name, a.adl, a.mailbox, a.host];
}
const addresses = (l: EnvelopeAddress[] | null): Tree => (l === null ? null : l.map(address));

export function envelopeTree(e: Envelope): Tree {
  return [e.date, e.subject, addresses(e.from), addresses(e.sender), addresses(e.replyTo), addresses(e.to), addresses(e.cc), addresses(e.bcc), e.inReplyTo, e.messageId];
}

/**
 * BODYSTRUCTURE as RFC 3501 7.4.2 writes it, with Dovecot's conventions for what the summary
 * leaves to the IMAP layer: text/* without a charset gets `charset us-ascii` appended, and a
 * multipart with no parts gets one empty text/plain part. Encodings lower-case (as the fixtures
 * that are compared write them).
 */
export function bodyTree(p: MimePart): Tree {
  const ext = (): Tree[] => [p.disposition ? [p.disposition.type, params(p.disposition.params)] : null, p.language, p.location];
  if (p.parts) {
    const kids = p.parts.length > 0 ? p.parts.map(bodyTree) : [["text", "plain", ["charset", "us-ascii"], null, null, "7bit", 0, 0, null, null, null, null]];
    return [...kids, p.subtype, params(p.params), ...ext()];
  }
  let ps = p.params;
  if (p.type === "text" && !ps.some(([n]) => n === "charset")) ps = [...ps, ["charset", "us-ascii"]];
  const basic: Tree[] = [p.type, p.subtype, params(ps), p.id, p.description, p.encoding.toLowerCase(), p.size];
  if (p.type === "text") basic.push(p.lines);
  if (p.message) basic.push(envelopeTree(p.message.envelope), bodyTree(p.message.part), p.lines);
  return [...basic, p.md5, ...ext()];
}
