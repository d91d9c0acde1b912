import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { parseCommandLine, parseNumber, splitArgs } from "../../../src/protocols/pop3/parser.ts";

const b = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const text = (u: Uint8Array) => String.fromCharCode(...u);

describe("POP3 parser", () => {
  test("the verb is case-insensitive; the rest is everything after one space, as sent", () => {
    const c = parseCommandLine(b("pass  two  spaces "));
    assert.equal(c.verb, "PASS");
    assert.equal(text(c.rest), " two  spaces ", "PASS keeps spaces: they may be part of the password");
    assert.deepEqual(parseCommandLine(b("STAT")), { verb: "STAT", rest: new Uint8Array(0) });
    assert.equal(text(parseCommandLine(b("RETR 1")).rest), "1");
  });

  test("no plausible verb: empty line, digits, 8-bit bytes, a word longer than any keyword", () => {
    for (const line of ["", " STAT", "ST4T", "R\xe9TR 1", "RETRIEVEALL 1"]) assert.equal(parseCommandLine(b(line)).verb, "", JSON.stringify(line));
  });

  test("splitArgs: count, length (40, RFC 2449) and printable ASCII are checked", () => {
    assert.deepEqual(splitArgs(b("1 10"), 2), ["1", "10"]);
    assert.deepEqual(splitArgs(b(" 1   10 "), 2), ["1", "10"], "runs of spaces are tolerated");
    assert.deepEqual(splitArgs(b(""), 1), []);
    assert.equal(splitArgs(b("1 2 3"), 2), null);
    assert.equal(splitArgs(b("x".repeat(41)), 1), null);
    assert.deepEqual(splitArgs(b("x".repeat(40)), 1), ["x".repeat(40)]);
    assert.equal(splitArgs(b("1\t2"), 2), null);
    assert.equal(splitArgs(b("\xff"), 1), null);
  });

  test("parseNumber: digits only, at most ten", () => {
    assert.equal(parseNumber("1"), 1);
    assert.equal(parseNumber("007"), 7);
    assert.equal(parseNumber("0"), 0);
    assert.equal(parseNumber("4294967295"), 4294967295);
    for (const bad of ["", "-1", "+1", "1.0", "1e3", "0x10", "12345678901", " 1", "١"]) assert.equal(parseNumber(bad), null, bad);
  });
});
