// What SEARCH sees: decoded text of text parts (transfer encoding and charset undone), attached
// messages with their headers, and decoded header values.
import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeText, searchHeader, searchHeaderText, searchText, summarize } from "../../src/mime/mod.ts";
import { fixtures } from "./fixtures.ts";
import { bytesOf, msg } from "./helpers.ts";

test("text parts decoded, attachments left out", () => {
  const t = searchText(fixtures.alternativeWithAttachment, summarize(fixtures.alternativeWithAttachment));
  assert.ok(t.includes("Hello = world, café softbreak"), t);
  assert.ok(t.includes("<p>Hello</p>"));
  assert.ok(!t.includes("JVBERi0"), "the base64 PDF is not text");
});

test("an attached message counts with its decoded header", () => {
  const t = searchText(fixtures.forwarded, summarize(fixtures.forwarded));
  for (const s of ["see attached", "Subject: inner", "From: Inner Sender <inner@example.org>", "inner text", "<b>inner</b>"]) assert.ok(t.includes(s), s);
});

test("charsets: declared ones applied; none or unknown read as UTF-8 if valid, else windows-1252", () => {
  const text = (ct: string, body: Uint8Array) => {
    const head = bytesOf(`Content-Type: ${ct}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`);
    const b = new Uint8Array(head.length + body.length);
    b.set(head);
    b.set(body, head.length);
    return decodeText(b, summarize(b).part);
  };
  assert.equal(text("text/plain; charset=iso-8859-1", bytesOf("caf\xe9")), "café");
  assert.equal(text("text/plain; charset=koi8-r", bytesOf("\xf0\xd2\xc9\xd7\xc5\xd4")), "Привет");
  assert.equal(text("text/plain", new TextEncoder().encode("café")), "café");
  assert.equal(text("text/plain", bytesOf("caf\xe9 \x80")), "café €");
  assert.equal(text("text/plain; charset=x-unknown", bytesOf("caf\xe9")), "café");
});

test("quoted-printable and base64 text with a charset", () => {
  const b = msg("Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\ncaf=E9 cr=\n=E8me\n");
  assert.equal(decodeText(b, summarize(b).part), "café crème\r\n");
  const c = msg("Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\nw6l0w6k=\n");
  assert.equal(searchText(c, summarize(c)), "été");
});

test("an unknown transfer encoding is searched as stored", () => {
  const b = msg("Content-Transfer-Encoding: x-custom\n\nraw words\n");
  assert.equal(searchText(b, summarize(b)), "raw words\r\n");
});

test("searchHeader: every occurrence, unfolded, encoded words decoded", () => {
  const b = msg("Subject: =?utf-8?q?caf=C3=A9?=\n =?utf-8?q?_cr=C3=A8me?=\nTo: =?iso-8859-1?q?J=F6rg?= <j@x>\nTo: b@c\n\n");
  const p = summarize(b).part;
  assert.deepEqual(searchHeader(b, p, "subject"), ["café crème"]);
  assert.deepEqual(searchHeader(b, p, "TO"), ["Jörg <j@x>", "b@c"]);
  assert.deepEqual(searchHeader(b, p, "cc"), []);
  assert.equal(searchHeaderText(b, p), "Subject: café crème\nTo: Jörg <j@x>\nTo: b@c");
});
