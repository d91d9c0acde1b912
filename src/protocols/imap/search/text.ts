/**
 * The text SEARCH compares: header values decoded (RFC 2047, folding removed), address lists as
 * `Name <mailbox@host>`, and the decoded text of a message's text parts (transfer encoding and
 * charset undone, HTML tags dropped). All comparisons are case-insensitive substring matches on
 * {@link fold}ed text (RFC 9051 6.4.4).
 *
 * @module
 */
import type { EnvelopeAddress, MessageSummary, MimePart } from "../../../mime/types.ts";
import { decodeBody, decodeCharset, decodeWords } from "./mime.ts";

/**
 * Case folding for comparison: NFC, then upper → lower so that both "ß" and "SS" become "ss",
 * "ǅ" and "Ǆ" meet, and so on (a close, cheap approximation of i;unicode-casemap, RFC 5051).
 */
export function fold(s: string): string {
  return s.normalize("NFC").toUpperCase().toLowerCase();
}

const utf8 = new TextDecoder("utf-8", { fatal: true });
const utf8Lenient = new TextDecoder("utf-8");

/** Header bytes as text: UTF-8 when valid (RFC 6532), else one char per byte (legacy 8-bit). */
function headerString(b: Uint8Array): string {
  let ascii = true;
  for (let i = 0; i < b.length; i++) if (b[i] > 0x7f) {
    ascii = false;
    break;
  }
  if (!ascii) {
    try {
      return utf8.decode(b);
    } catch { /* legacy 8-bit: fall through */ }
  }
  let s = "";
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, Math.min(b.length, i + 8192)));
  return s;
}

/** One header field: lower-case name and decoded, unfolded value. */
export interface Field {
  name: string;
  value: string;
}

/** The fields of a header block (bytes from the field lines up to the blank line). */
export function headerFieldsOf(header: Uint8Array): Field[] {
  const text = headerString(header);
  const out: Field[] = [];
  // Unfold first (CRLF or LF followed by WSP joins lines), then split at line ends.
  for (const line of text.replace(/\r?\n(?=[ \t])/g, "").split(/\r?\n/)) {
    if (!line) break;
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    out.push({ name: line.slice(0, colon).trimEnd().toLowerCase(), value: decodeWords(line.slice(colon + 1).trim()) });
  }
  return out;
}

/** Where the header ends in a message without a summary: after the first empty line. */
export function headerEnd(body: Uint8Array): number {
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== 0x0a) continue;
    if (body[i + 1] === 0x0a) return i + 2;
    if (body[i + 1] === 0x0d && body[i + 2] === 0x0a) return i + 3;
  }
  return body.length;
}

/** An address list as people write it: `Name <mailbox@host>, group: a@b;`, names decoded. */
export function addressText(list: readonly EnvelopeAddress[] | null): string {
  if (!list) return "";
  const out: string[] = [];
  for (const a of list) {
    if (a.host === null) {
      // Group syntax: start (mailbox = group name) or end (all NIL).
      out.push(a.mailbox === null ? ";" : `${decodeWords(a.mailbox)}:`);
      continue;
    }
    const addr = `${a.mailbox ?? ""}@${a.host}`;
    out.push(a.name ? `${decodeWords(a.name)} <${addr}>` : addr);
  }
  return out.join(", ");
}

/**
 * The searchable text of a body: every text/* leaf decoded (transfer encoding, then charset;
 * unknown charsets read as UTF-8 with replacement), HTML with its tags dropped, and the header of
 * each encapsulated message/rfc822 with its body. Attachments of other types are not text.
 */
export function bodyText(body: Uint8Array, summary: MessageSummary | null): string {
  if (!summary) return utf8Lenient.decode(body.subarray(headerEnd(body)));
  const out: string[] = [];
  visit(body, summary.part, out);
  return out.join("\n");
}

function visit(body: Uint8Array, p: MimePart, out: string[]): void {
  if (p.type === "multipart") {
    for (const c of p.parts ?? []) visit(body, c, out);
    return;
  }
  if (p.message) {
    const m = p.message.part;
    for (const f of headerFieldsOf(body.subarray(m.headerStart, m.bodyStart))) out.push(`${f.name}: ${f.value}`);
    visit(body, m, out);
    return;
  }
  if (p.type !== "text") return;
  const raw = body.subarray(Math.min(p.bodyStart, body.length), Math.min(p.bodyEnd, body.length));
  const decoded = decodeBody(raw, p.encoding) ?? raw;
  const charset = p.params.find(([k]) => k === "charset")?.[1] ?? "us-ascii";
  let text = decodeCharset(decoded, charset) ?? utf8Lenient.decode(decoded);
  if (p.subtype === "html") text = htmlText(text);
  out.push(text);
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/**
 * HTML → text, roughly: scripts, styles and comments dropped, block tags turned into line breaks,
 * inline tags removed without a trace (so `Hel<b>lo</b>` is still "Hello"), common entities decoded.
 */
function htmlText(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, "\n")
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<\/?(p|div|br|li|ul|ol|tr|td|th|table|h[1-6]|hr|blockquote|pre|section|article|header|footer)\b[^>]*>/gi, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === "#") {
        const cp = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    });
}
