// Content-Transfer-Encoding undone: base64 (lenient), quoted-printable (RFC 2045 6.7), identity
// encodings, and null for the unknown (IMAP BINARY's UNKNOWN-CTE).
import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeBase64 } from "../../src/mime/base64.ts";
import { decodeBody, decodeQuotedPrintable } from "../../src/mime/transfer-encoding.ts";
import { summarize } from "../../src/mime/summarize.ts";
import { rng } from "../helpers/random.ts";
import { ascii, bytesOf, msg } from "./helpers.ts";

const b64 = (s: string) => ascii(decodeBase64(bytesOf(s)));
const qp = (s: string) => ascii(decodeQuotedPrintable(bytesOf(s)));

test("base64: any bytes round-trip against the runtime's own encoder, wrapped at 76 as mailers do", () => {
  const next = rng(7);
  for (let i = 0; i < 200; i++) {
    const raw = Uint8Array.from({ length: Math.floor(next() * 300) }, () => Math.floor(next() * 256));
    const encoded = btoa(String.fromCharCode(...raw)).replace(/.{76}/g, "$&\r\n");
    assert.deepEqual(decodeBase64(bytesOf(encoded)), raw);
  }
});

test("base64 leniency: whitespace and junk skipped, padding optional, padded blocks concatenated", () => {
  assert.equal(b64("aGVs\r\n bG8=\r\n"), "hello");
  assert.equal(b64("aGVsbG8"), "hello");
  assert.equal(b64("a*G!V\x00sbG8="), "hello");
  assert.equal(b64("aGk=aGk="), "hihi");
  assert.equal(b64("YQ==\r\nYg=="), "ab");
  assert.equal(b64("===="), "");
  assert.equal(b64("Y"), "", "a lone character is not a byte");
});

test("quoted-printable: escapes in either case, soft line breaks (CRLF, LF, with trailing space)", () => {
  assert.equal(qp("caf=C3=A9 =3d ok"), "caf\xc3\xa9 = ok");
  assert.equal(qp("caf=c3=a9"), "caf\xc3\xa9");
  assert.equal(qp("soft=\r\nbreak"), "softbreak");
  assert.equal(qp("soft=\nbreak"), "softbreak");
  assert.equal(qp("soft= \t\r\nbreak"), "softbreak");
  assert.equal(qp("end="), "end");
});

test("quoted-printable: hard line breaks kept as stored; trailing whitespace dropped, whitespace before `=` kept", () => {
  assert.equal(qp("a\r\nb\nc"), "a\r\nb\nc");
  assert.equal(qp("trailing  \r\nnext \t"), "trailing\r\nnext");
  assert.equal(qp("keep  =\r\nthis"), "keep  this");
  assert.equal(qp("=20\r\n"), " \r\n", "encoded whitespace at the end is data");
});

test("quoted-printable: an `=` that starts no escape is kept", () => {
  assert.equal(qp("a=zzb =4"), "a=zzb =4");
  assert.equal(qp("=\rx"), "=\rx");
});

test("decodeBody: 7bit/8bit/binary as stored (a view), base64 and QP decoded, anything else null", () => {
  const make = (cte: string, body: string) => {
    const b = msg(`Content-Transfer-Encoding: ${cte}\n\n${body}`);
    return { b, p: summarize(b).part };
  };
  for (const cte of ["7bit", "8BIT", "Binary"]) {
    const { b, p } = make(cte, "as is=41");
    const out = decodeBody(b, p)!;
    assert.equal(ascii(out), "as is=41");
    assert.equal(out.buffer, b.buffer);
  }
  assert.equal(ascii(decodeBody(make("base64", "aGVsbG8=").b, make("base64", "aGVsbG8=").p)), "hello");
  const q = make("Quoted-Printable", "x=41");
  assert.equal(ascii(decodeBody(q.b, q.p)), "xA");
  for (const cte of ["x-uuencode", "7-bit", "gzip"]) {
    const u = make(cte, "data");
    assert.equal(decodeBody(u.b, u.p), null, cte);
  }
});
