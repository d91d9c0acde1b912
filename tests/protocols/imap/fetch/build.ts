/**
 * Test helper: builds a message and its MIME summary together, so every offset in the summary is
 * known to be right by construction (generating MIME is simpler than parsing it). Text is a byte
 * string (one char per byte); use `u8` for UTF-8 text inside it.
 */
import type { Envelope, MessageSummary, MimePart } from "../../../../src/mime/types.ts";
import type { MessageMeta } from "../../../../src/store/mail-api.ts";

export type Node =
  | { header: string; leaf: string; part?: Partial<MimePart> }
  | { header: string; boundary: string; children: Node[]; preamble?: string; epilogue?: string; part?: Partial<MimePart> }
  | { header: string; message: { envelope: Envelope; node: Node }; part?: Partial<MimePart> };

/** UTF-8 text as a byte string. */
export const u8 = (s: string) => String.fromCharCode(...new TextEncoder().encode(s));
export const bytesOf = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
export const textOf = (b: Uint8Array) => String.fromCharCode(...b);

const DEFAULTS: Omit<MimePart, "headerStart" | "bodyStart" | "bodyEnd" | "size" | "lines"> = {
  type: "text",
  subtype: "plain",
  params: [],
  id: null,
  description: null,
  encoding: "7BIT",
  md5: null,
  disposition: null,
  language: null,
  location: null,
};

/** Lines of a body: line breaks, plus a last line without one. */
export function countLines(body: string): number {
  let n = 0;
  for (const c of body) if (c === "\n") n++;
  if (body.length && !body.endsWith("\n")) n++;
  return n;
}

/** The node's bytes (as a byte string) and its MimePart with offsets from `base`. */
export function build(node: Node, base = 0): { text: string; part: MimePart } {
  const header = node.header.endsWith("\r\n\r\n") || node.header === "" ? node.header : node.header + "\r\n";
  const bodyStart = base + header.length;
  let body: string;
  let extra: Partial<MimePart> = {};
  if ("leaf" in node) body = node.leaf;
  else if ("boundary" in node) {
    body = node.preamble ?? "";
    const parts: MimePart[] = [];
    for (const c of node.children) {
      body += `--${node.boundary}\r\n`;
      const b = build(c, bodyStart + body.length);
      parts.push(b.part);
      body += b.text + "\r\n";
    }
    body += `--${node.boundary}--\r\n` + (node.epilogue ?? "");
    extra = { type: "multipart", parts };
  } else {
    const inner = build(node.message.node, bodyStart);
    body = inner.text;
    extra = { type: "message", subtype: "rfc822", message: { envelope: node.message.envelope, part: inner.part } };
  }
  const part: MimePart = {
    ...DEFAULTS,
    ...extra,
    headerStart: base,
    bodyStart,
    bodyEnd: bodyStart + body.length,
    size: body.length,
    lines: countLines(body),
    ...node.part,
  };
  return { text: header + body, part };
}

export const NO_ENVELOPE: Envelope = {
  date: null, subject: null, from: null, sender: null, replyTo: null, to: null, cc: null, bcc: null, inReplyTo: null, messageId: null,
};

/** A whole message: bytes, summary and metadata. */
export function message(node: Node, envelope: Envelope = NO_ENVELOPE, meta: Partial<MessageMeta> = {}) {
  const b = build(node);
  const body = bytesOf(b.text);
  const summary: MessageSummary = { v: 1, envelope, part: b.part };
  const m: MessageMeta = {
    id: 1,
    uid: 1,
    modseq: 1,
    flags: [],
    internalDate: new Date("2024-03-05T06:07:08Z"),
    size: body.length,
    blobId: "b1",
    ...meta,
  };
  return { body, summary, meta: m, text: b.text };
}
