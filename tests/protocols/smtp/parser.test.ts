import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  decodeXtext,
  encodeXtext,
  isAddressLiteral,
  parseCommandLine,
  parseParams,
  ParseError,
  parsePath,
  parsePathArgs,
} from "../../../src/protocols/smtp/parser.ts";
import { bytes, str } from "./harness.ts";

const utf8 = (s: string) => new TextEncoder().encode(s);

describe("parseCommandLine", () => {
  const cases: [line: string, verb: string, args: string][] = [
    ["EHLO client.example", "EHLO", "client.example"],
    ["ehlo client.example", "EHLO", "client.example"],
    ["QUIT", "QUIT", ""],
    ["quit   ", "QUIT", ""],
    ["NOOP  some  text\t", "NOOP", "some  text"],
    ["MAIL FROM:<a@b>", "MAIL", "FROM:<a@b>"],
    ["MAIL  FROM:<a@b>", "MAIL", "FROM:<a@b>"],
    ["", "", ""],
    [" EHLO x", "", "EHLO x"],
    ["X-EXT foo", "", "foo"],
    ["AVERYLONGVERBTHATISNOTSMTP x", "", "x"],
    ["EHLO\u00e9 x", "", "x"],
    ["BDAT 100 LAST", "BDAT", "100 LAST"],
  ];
  for (const [line, verb, args] of cases) {
    test(JSON.stringify(line), () => {
      const r = parseCommandLine(bytes(line));
      assert.equal(r.verb, verb);
      assert.equal(str(r.args), args);
    });
  }
});

describe("parsePath", () => {
  const ok: [input: string, address: string, extra?: { local?: string; domain?: string; ascii?: boolean }][] = [
    ["<user@example.org>", "user@example.org", { local: "user", domain: "example.org" }],
    ["<USER@Example.ORG>", "USER@Example.ORG"],
    ["<first.last+tag@sub.example.org>", "first.last+tag@sub.example.org"],
    ["<!#$%&'*+-/=?^_`{|}~@x.test>", "!#$%&'*+-/=?^_`{|}~@x.test"],
    ['<"john doe"@example.org>', '"john doe"@example.org', { local: '"john doe"' }],
    ['<"a\\"b\\\\c"@example.org>', '"a\\"b\\\\c"@example.org'],
    ['<"weird..dots."@example.org>', '"weird..dots."@example.org'],
    ['<""@example.org>', '""@example.org'],
    ["<user@[192.0.2.1]>", "user@[192.0.2.1]", { domain: "[192.0.2.1]" }],
    ["<user@[IPv6:2001:db8::1]>", "user@[IPv6:2001:db8::1]"],
    ["<user@[IPv6:::1]>", "user@[IPv6:::1]"],
    ["<user@[x-tag:whatever]>", "user@[x-tag:whatever]"],
    ["<@relay.one,@relay.two:user@example.org>", "user@example.org"],
    ["<@relay.one:user@example.org>", "user@example.org"],
    ["<user@localhost>", "user@localhost"],
    ["<u@a-b.c-d.example>", "u@a-b.c-d.example"],
    ["<用户@例子.test>", "用户@例子.test", { ascii: false }],
    ["<jörg@bücher.test>", "jörg@bücher.test", { ascii: false }],
    [`<u@${"a".repeat(63)}.test>`, `u@${"a".repeat(63)}.test`],
    [`<${"l".repeat(100)}@long-local.test>`, `${"l".repeat(100)}@long-local.test`],
  ];
  for (const [input, address, extra] of ok) {
    test(`accepts ${input}`, () => {
      const p = parsePath(utf8(input), 0);
      assert.equal(p.address, address);
      assert.equal(p.end, utf8(input).length);
      if (extra?.local !== undefined) assert.equal(p.localPart, extra.local);
      if (extra?.domain !== undefined) assert.equal(p.domain, extra.domain);
      assert.equal(p.ascii, extra?.ascii ?? true);
    });
  }

  const bad: [input: string, why: RegExp][] = [
    ["user@example.org", /angle brackets/],
    ["<user@example.org", /closing >/],
    ["<user>", /@domain/],
    ["<@example.org>", /source route/],
    ["<user@>", /domain label/],
    ["<user@example..org>", /domain label/],
    ["<user@example.org.>", /domain label/],
    ["<user@-example.org>", /'-'/],
    ["<user@example-.org>", /'-'/],
    ["<user@exa_mple.org>", /unexpected character/],
    ["<.user@example.org>", /empty atom/],
    ["<user.@example.org>", /empty atom/],
    ["<us..er@example.org>", /empty atom/],
    ["<us er@example.org>", /unexpected character/],
    ["<us(er@example.org>", /local part/],
    ['<"unterminated@example.org>', /unterminated|closing/],
    ['<"ctl\x01"@example.org>', /control character/],
    ['<"bad\\\x01pair"@example.org>', /quoted pair/],
    ["<user@[192.0.2.256]>", /address literal/],
    ["<user@[192.0.2]>", /address literal/],
    ["<user@[IPv6:2001:db8::1::2]>", /address literal/],
    ["<user@[IPv6:fe80::1%eth0]>", /address literal/],
    ["<user@[1.2.3.4>", /unterminated address literal/],
    ["<>", /null path/],
    [`<u@${"a".repeat(64)}.test>`, /63 bytes/],
    [`<u@${("a".repeat(60) + ".").repeat(5)}test>`, /255 bytes/],
    ["<a@b.c> ", /./],
  ];
  for (const [input, why] of bad) {
    test(`refuses ${JSON.stringify(input)}`, () => {
      assert.throws(() => {
        const p = parsePath(utf8(input), 0);
        if (p.end !== utf8(input).length) throw new ParseError("syntax", "trailing characters");
      }, (e: unknown) => e instanceof ParseError && why.test(e.message));
    });
  }

  test("the null path only where allowed; Postmaster only where allowed", () => {
    assert.equal(parsePath(bytes("<>"), 0, { allowNull: true }).address, "");
    assert.equal(parsePath(bytes("<Postmaster>"), 0, { allowPostmaster: true }).address, "Postmaster");
    assert.equal(parsePath(bytes("<postmaster>"), 0, { allowPostmaster: true }).domain, "");
    assert.throws(() => parsePath(bytes("<Postmaster>"), 0), ParseError);
    assert.throws(() => parsePath(bytes("<webmaster>"), 0, { allowPostmaster: true }), ParseError);
  });

  test("invalid UTF-8 in an address is a utf8 error", () => {
    assert.throws(() => parsePath(bytes("<j\xc3rg@example.org>"), 0), (e: unknown) => e instanceof ParseError && e.kind === "utf8");
    assert.throws(() => parsePath(bytes("<u@b\xffcher.test>"), 0), (e: unknown) => e instanceof ParseError && e.kind === "utf8");
  });

  test("starts at the given offset and reports where it ended", () => {
    const line = bytes("TO:<a@b.test> NOTIFY=NEVER");
    const p = parsePath(line, 3);
    assert.equal(p.address, "a@b.test");
    assert.equal(str(line.subarray(p.end)), " NOTIFY=NEVER");
  });
});

describe("isAddressLiteral", () => {
  for (const [s, ok] of [
    ["127.0.0.1", true],
    ["255.255.255.255", true],
    ["256.0.0.1", false],
    ["1.2.3", false],
    ["IPv6:::", true],
    ["ipv6:2001:db8::ff00:42:8329", true],
    ["IPv6:::ffff:192.0.2.1", true],
    ["IPv6:12345::", false],
    ["tag:text", true],
    [":text", false],
    ["", false],
  ] as const) {
    test(`${JSON.stringify(s)} -> ${ok}`, () => assert.equal(isAddressLiteral(s), ok));
  }
});

describe("parseParams", () => {
  test("keywords upper-cased, values as written, runs of spaces tolerated", () => {
    assert.deepEqual(parseParams(bytes(" size=100  body=8BITMIME SMTPUTF8"), 0), [
      { keyword: "SIZE", value: "100" },
      { keyword: "BODY", value: "8BITMIME" },
      { keyword: "SMTPUTF8", value: null },
    ]);
    assert.deepEqual(parseParams(bytes(""), 0), []);
    assert.deepEqual(parseParams(bytes("   "), 0), []);
    assert.deepEqual(parseParams(bytes(" X-FOO=a+2Bb"), 0), [{ keyword: "X-FOO", value: "a+2Bb" }]);
  });
  test("UTF-8 values are decoded (RFC 6531)", () => {
    assert.deepEqual(parseParams(utf8(" ORCPT=utf-8;jörg@bücher.test"), 0), [{ keyword: "ORCPT", value: "utf-8;jörg@bücher.test" }]);
  });
  const bad: [string, RegExp][] = [
    ["SIZE=1", /space before/],
    [" =1", /keyword/],
    [" -X=1", /keyword/],
    [" SIZE=", /empty value/],
    [" SIZE=1=2", /bad character/],
    [" SIZE=1\x01", /bad character/],
    [" SIZE=1 size=2", /given twice/],
    [" SI_ZE=1", /keyword/],
    [" ENVID=\xff", /UTF-8/],
  ];
  for (const [input, why] of bad) {
    test(`refuses ${JSON.stringify(input)}`, () => {
      assert.throws(() => parseParams(bytes(input), 0), (e: unknown) => e instanceof ParseError && why.test(e.message));
    });
  }
});

describe("parsePathArgs", () => {
  test("MAIL FROM with parameters, a space after the colon tolerated", () => {
    const a = parsePathArgs(bytes("FROM:<a@b.test> SIZE=10 RET=HDRS"), "FROM");
    assert.equal(a.path.address, "a@b.test");
    assert.deepEqual(a.params.map((p) => p.keyword), ["SIZE", "RET"]);
    assert.equal(parsePathArgs(bytes("from: <a@b.test>"), "FROM").path.address, "a@b.test");
    assert.equal(parsePathArgs(bytes("FROM:<>"), "FROM").path.address, "");
  });
  test("RCPT TO accepts Postmaster, refuses <>", () => {
    assert.equal(parsePathArgs(bytes("TO:<Postmaster>"), "TO").path.address, "Postmaster");
    assert.throws(() => parsePathArgs(bytes("TO:<>"), "TO"), ParseError);
  });
  test("the keyword must match", () => {
    assert.throws(() => parsePathArgs(bytes("TO:<a@b.test>"), "FROM"), /expected FROM:/);
    assert.throws(() => parsePathArgs(bytes("FROM <a@b.test>"), "FROM"), /expected FROM:/);
    assert.throws(() => parsePathArgs(bytes("FROM:<a@b.test>SIZE=1"), "FROM"), /space before/);
  });
});

describe("xtext", () => {
  const cases: [encoded: string, decoded: string | null][] = [
    ["abc", "abc"],
    ["a+2Bb", "a+b"],
    ["a+2bb", "a+b"],
    ["+3D", "="],
    ["a+20b", "a b"],
    ["a+2", null],
    ["a+zz", null],
    ["a=b", null],
    ["a b", null],
    ["", ""],
  ];
  for (const [enc, dec] of cases) {
    test(`decode ${JSON.stringify(enc)}`, () => assert.equal(decodeXtext(enc), dec));
  }
  test("encode round-trips", () => {
    for (const s of ["plain", "a+b=c d", "\x01\x7f", "user@example.org"]) assert.equal(decodeXtext(encodeXtext(s)), s);
    assert.equal(encodeXtext("a+b=c"), "a+2Bb+3Dc");
  });
});
