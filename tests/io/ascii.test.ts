import { test } from "node:test";
import assert from "node:assert/strict";
import {
  encodeLatin1,
  encodeUtf8,
  equalsIgnoreCase,
  isAscii,
  isCommand,
  latin1,
  parseDecimal,
  startsWithIgnoreCase,
  utf8,
  utf8Strictly,
} from "../../src/io/ascii.ts";
import { b } from "./helpers.ts";

test("case-insensitive prefix and equality fold letters only", () => {
  assert.equal(startsWithIgnoreCase(b("mail from:<a>"), "MAIL FROM:"), true);
  assert.equal(startsWithIgnoreCase(b("MaIl FrOm:<a>"), "mail from:"), true);
  assert.equal(startsWithIgnoreCase(b("MAIL"), "MAIL FROM:"), false);
  assert.equal(startsWithIgnoreCase(b("x uid fetch"), "UID", 2), true);
  // "@" (0x40) and "`" (0x60) differ only in bit 0x20, as do "[" and "{": must not match.
  assert.equal(startsWithIgnoreCase(b("`"), "@"), false);
  assert.equal(startsWithIgnoreCase(b("{"), "["), false);
  assert.equal(equalsIgnoreCase(b("quit"), "QUIT"), true);
  assert.equal(equalsIgnoreCase(b("quit "), "QUIT"), false);
});

test("isCommand needs the word to end at SP or end of line", () => {
  assert.equal(isCommand(b("ehlo client.test"), "EHLO"), true);
  assert.equal(isCommand(b("EHLO"), "EHLO"), true);
  assert.equal(isCommand(b("EHLOX"), "EHLO"), false);
  assert.equal(isCommand(b("EHL"), "EHLO"), false);
});

test("latin1 round-trips every byte; utf8 strict rejects invalid input", () => {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  const str = latin1(all);
  assert.equal(str.length, 256);
  assert.equal(str.charCodeAt(0x80), 0x80, "not windows-1252");
  assert.deepEqual(encodeLatin1(str), all);
  assert.equal(latin1(b("abcdef"), 1, 3), "bc");
  assert.equal(latin1(new Uint8Array(20000).fill(0x41)).length, 20000);
  assert.throws(() => encodeLatin1("€"), RangeError);
  assert.equal(utf8(encodeUtf8("Grüße")), "Grüße");
  assert.equal(utf8Strictly(encodeUtf8("Grüße")), "Grüße");
  assert.equal(utf8Strictly(b("\xff\xfe")), null);
  assert.equal(isAscii(b("plain")), true);
  assert.equal(isAscii(b("pl\xe4in")), false);
});

test("parseDecimal accepts digits only, within the safe integer range", () => {
  assert.equal(parseDecimal(b("{1234}"), 1, 5), 1234);
  assert.equal(parseDecimal(b("007")), 7);
  assert.equal(parseDecimal(b("")), -1);
  assert.equal(parseDecimal(b("12a")), -1);
  assert.equal(parseDecimal(b("-1")), -1);
  assert.equal(parseDecimal(b("9007199254740991")), 9007199254740991);
  assert.equal(parseDecimal(b("9007199254740992")), -1);
});
