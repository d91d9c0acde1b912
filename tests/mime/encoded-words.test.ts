// RFC 2047 encoded words, as SEARCH and display need them decoded.
import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeWords } from "../../src/mime/encoded-words.ts";

test("B and Q in UTF-8 and ISO-8859-1; charset names in any case", () => {
  assert.equal(decodeWords("=?utf-8?B?w6l0w6k=?="), "été");
  assert.equal(decodeWords("=?UTF-8?q?J=C3=B6rg_M=c3=bcller?="), "Jörg Müller");
  assert.equal(decodeWords("=?ISO-8859-1?Q?caf=E9?="), "café");
  assert.equal(decodeWords("=?iso-8859-1?b?Y2Fm6Q==?="), "café");
});

test("Japanese: Shift_JIS and ISO-2022-JP (both decoded on Node, Deno and Bun)", () => {
  assert.equal(decodeWords("=?Shift_JIS?B?k/qWew==?="), "日本");
  assert.equal(decodeWords("=?ISO-2022-JP?B?GyRCRnxLXBsoQg==?="), "日本");
});

test("RFC 2047 section 8 examples: whitespace between adjacent encoded words is dropped, other text kept", () => {
  assert.equal(decodeWords("(=?ISO-8859-1?Q?a?=)"), "(a)");
  assert.equal(decodeWords("(=?ISO-8859-1?Q?a?= b)"), "(a b)");
  assert.equal(decodeWords("(=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=)"), "(ab)");
  assert.equal(decodeWords("(=?ISO-8859-1?Q?a?=  =?ISO-8859-1?Q?b?=)"), "(ab)");
  assert.equal(decodeWords("(=?ISO-8859-1?Q?a?=\r\n    =?ISO-8859-1?Q?b?=)"), "(ab)");
  assert.equal(decodeWords("(=?ISO-8859-1?Q?a_b?=)"), "(a b)");
  assert.equal(decodeWords("(=?ISO-8859-1?Q?a?= =?ISO-8859-2?Q?_b?=)"), "(a b)");
});

test("a character split across adjacent words (a common sender bug) comes out whole", () => {
  assert.equal(decodeWords("=?utf-8?Q?caf=C3?= =?utf-8?Q?=A9?="), "café");
  assert.equal(decodeWords("=?utf-8?B?4pw=?= =?UTF-8?B?kw==?="), "✓");
});

test("unknown charsets are left as written, with the whitespace around them", () => {
  assert.equal(decodeWords("=?x-unknown?Q?a?= =?utf-8?Q?b?= c"), "=?x-unknown?Q?a?= b c");
  assert.equal(decodeWords("=?utf-8?Q?a?= =?x-unknown?Q?b?="), "a =?x-unknown?Q?b?=");
  assert.equal(decodeWords("=?iso-8859-16?Q?a?="), "=?iso-8859-16?Q?a?=", "not available on every runtime: unknown everywhere");
});

test("invalid input is tolerated: bad base64, missing padding, bad Q escapes, empty text", () => {
  assert.equal(decodeWords("=?utf-8?B?w6k?="), "é", "no padding");
  assert.equal(decodeWords("=?utf-8?B?w6!k=?="), "é", "junk inside base64");
  assert.equal(decodeWords("=?utf-8?B?w?="), "", "not even one byte");
  assert.equal(decodeWords("=?utf-8?Q?100=?="), "100=");
  assert.equal(decodeWords("=?utf-8?Q?a=zzb?="), "a=zzb");
  assert.equal(decodeWords("=?utf-8?Q??="), "");
  assert.equal(decodeWords("=?utf-8?B?/w==?="), "\ufffd", "invalid UTF-8 is replaced, not thrown");
});

test("not encoded words: wrong encoding letter, spaces inside, unclosed; plain text untouched", () => {
  for (const s of ["=?utf-8?X?abc?=", "=?utf-8?Q?a b?=", "=?utf-8?Q?abc", "plain text", "", "a =? b ?= c"]) assert.equal(decodeWords(s), s);
});

test("encoded words inside a word are decoded too (mailers write them, readers decode them)", () => {
  assert.equal(decodeWords("abc=?utf-8?Q?=C3=A9?=def"), "abcédef");
});

test("the RFC 2231 language suffix in the charset is ignored", () => {
  assert.equal(decodeWords("=?utf-8*en?Q?x_y?= =?UTF-8*fr?Q?z?="), "x yz");
});

test("folding in the raw value is removed", () => {
  assert.equal(decodeWords("Hello\r\n world"), "Hello world");
});
