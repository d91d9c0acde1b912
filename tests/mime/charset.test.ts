// Charsets through TextDecoder: the same answer on Node, Deno and Bun for every label mail uses,
// the labels one runtime lacks refused everywhere, the mailer aliases, and our UTF-7.
import { test } from "node:test";
import assert from "node:assert/strict";
import { charsetDecoder, decodeCharset } from "../../src/mime/charset.ts";

const B = (...b: number[]) => Uint8Array.from(b);

const CASES: [string, Uint8Array, string][] = [
  ["utf-8", B(0xc3, 0xa9, 0xe2, 0x9c, 0x93), "é✓"],
  ["UTF8", B(0xc3, 0xa9), "é"],
  ["iso-8859-1", B(0x63, 0x61, 0x66, 0xe9), "café"],
  ["latin1", B(0xe9), "é"],
  // WHATWG: us-ascii and iso-8859-1 are windows-1252, so 0x80 is the euro sign, as mailers mean it.
  ["us-ascii", B(0x41, 0x80), "A€"],
  ["windows-1252", B(0x80), "€"],
  ["iso-8859-2", B(0xa3, 0xf3, 0x64, 0xbc), "Łódź"],
  ["iso-8859-15", B(0xa4), "€"],
  ["windows-1251", B(0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2), "Привет"],
  ["koi8-r", B(0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4), "Привет"],
  ["Shift_JIS", B(0x93, 0xfa, 0x96, 0x7b), "日本"],
  ["euc-jp", B(0xc6, 0xfc, 0xcb, 0xdc), "日本"],
  ["iso-2022-jp", B(0x1b, 0x24, 0x42, 0x46, 0x7c, 0x4b, 0x5c, 0x1b, 0x28, 0x42), "日本"],
  ["euc-kr", B(0xc7, 0xd1, 0xb1, 0xb9), "한국"],
  ["ks_c_5601-1987", B(0xc7, 0xd1, 0xb1, 0xb9), "한국"],
  ["gb2312", B(0xd6, 0xd0, 0xce, 0xc4), "中文"],
  ["gbk", B(0xd6, 0xd0, 0xce, 0xc4), "中文"],
  ["gb18030", B(0xd6, 0xd0, 0xce, 0xc4), "中文"],
  ["big5", B(0xa4, 0xa4, 0xa4, 0xe5), "中文"],
  ["utf-16le", B(0x68, 0x00, 0x69, 0x00), "hi"],
  ["utf-16be", B(0x00, 0x68, 0x00, 0x69), "hi"],
  // Aliases mailers write that are no WHATWG labels.
  ["cp936", B(0xd6, 0xd0), "中"],
  ["cp932", B(0x93, 0xfa), "日"],
  ["ks_c_5601", B(0xc7, 0xd1), "한"],
  ["cp949", B(0xc7, 0xd1), "한"],
  // RFC 2231 language suffix and surrounding space ignored.
  [" utf-8*en ", B(0xc3, 0xa9), "é"],
];

test("every charset mail uses decodes the same on this runtime as on the others", () => {
  for (const [label, bytes, text] of CASES) assert.equal(decodeCharset(bytes, label), text, label);
});

test("windows-1252 (also us-ascii and iso-8859-1) maps 0x80-0x9F as WHATWG says, on Node 20 too", () => {
  const high = Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i);
  const want = "€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ";
  for (const label of ["windows-1252", "us-ascii", "iso-8859-1", "latin1", "cp1252"]) assert.equal(decodeCharset(high, label), want, label);
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  const text = decodeCharset(all, "iso-8859-1")!;
  assert.equal(text.length, 256);
  for (let i = 0; i < 256; i++) if (i < 0x80 || i >= 0xa0) assert.equal(text.charCodeAt(i), i);
});

test("labels not every runtime knows are refused on every runtime (same answer everywhere)", () => {
  // Node 20 lacks these two; Deno and Bun have them.
  for (const label of ["iso-8859-16", "latin10", "x-user-defined"]) assert.equal(charsetDecoder(label), null, label);
});

test("unknown, WHATWG 'replacement' and junk labels are unknown, not errors", () => {
  for (const label of ["x-unknown", "", "utf-8'; drop", "iso-2022-kr", "hz-gb-2312", "replacement", "utf-32", "../etc", "ü"]) {
    assert.equal(decodeCharset(B(0x41), label), null, JSON.stringify(label));
  }
});

test("UTF-7 (RFC 2152), which no runtime decodes: the RFC examples, +- and a surrogate pair", () => {
  const dec = (s: string) => decodeCharset(new TextEncoder().encode(s), "UTF-7");
  assert.equal(dec("Hi Mom -+Jjo--!"), "Hi Mom -☺-!");
  assert.equal(dec("+ZeVnLIqe-"), "日本語");
  assert.equal(dec("A+ImIDkQ."), "A≢Α.");
  assert.equal(dec("1 +- 1"), "1 + 1");
  assert.equal(dec("+2D3eAA-"), "😀");
  assert.equal(dec("+2D0-x"), "\ufffdx", "an unpaired surrogate is replaced");
  assert.equal(decodeCharset(B(0xe9), "utf-7"), "\ufffd", "8-bit bytes are not UTF-7");
  // 90,000 base64 characters are 33,750 UTF-16 units: chunked, not spread into one call.
  assert.equal(decodeCharset(new TextEncoder().encode("+" + "AGE".repeat(30000)), "unicode-1-1-utf-7")!.length, 33750);
});
