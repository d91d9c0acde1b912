import assert from "node:assert/strict";
import { test } from "node:test";
import { parseAddress, type AddressOptions } from "../../src/mail/address.ts";
import { punycodeDecode } from "../../src/mail/punycode.ts";
import { isKnownTld } from "../../src/mail/tld.ts";

const UTF8: AddressOptions = { smtputf8: true };

// [input, options, expected normalised address]
const accepted: [string, AddressOptions, string][] = [
  ["user@example.com", {}, "user@example.com"],
  ["User.Name@Example.COM", {}, "User.Name@example.com"],
  ["<user@example.com>", {}, "user@example.com"],
  ["a!#$%&'*+-/=?^_`{|}~@example.org", {}, "a!#$%&'*+-/=?^_`{|}~@example.org"],
  ['"john doe"@example.com', {}, '"john doe"@example.com'],
  ['"john"@example.com', {}, "john@example.com"],
  ['"a\\"b\\\\c"@example.com', {}, '"a\\"b\\\\c"@example.com'],
  ['"user@other"@example.com', {}, '"user@other"@example.com'],
  ["user@xn--bcher-kva.example.com", {}, "user@xn--bcher-kva.example.com"],
  ["user@XN--BCHER-KVA.Example.Com", {}, "user@xn--bcher-kva.example.com"],
  ["user@bücher.example.com", UTF8, "user@xn--bcher-kva.example.com"],
  ["user@BÜCHER.example.com", UTF8, "user@xn--bcher-kva.example.com"],
  ["user@пример.рф", UTF8, "user@xn--e1afmkfd.xn--p1ai"],
  ["user@xn--e1afmkfd.xn--p1ai", {}, "user@xn--e1afmkfd.xn--p1ai"],
  ["user@münchen。de", UTF8, "user@xn--mnchen-3ya.de"],
  ["josé@example.com", UTF8, "josé@example.com"],
  ["用户@例子.公司", UTF8, "用户@xn--fsqu00a.xn--55qx5d"],
  ["user@[192.0.2.1]", {}, "user@[192.0.2.1]"],
  ["user@[IPv6:2001:DB8::1]", {}, "user@[IPv6:2001:db8::1]"],
  ["user@[ipv6:::ffff:192.0.2.1]", {}, "user@[IPv6:::ffff:192.0.2.1]"],
  ["<@relay.example.net,@other.example.org:user@example.com>", {}, "user@example.com"],
  ["user@a-b.co.uk", {}, "user@a-b.co.uk"],
  ["user@example.test", { checkTld: false }, "user@example.test"],
];

// [input, options, reason]
const refused: [string, AddressOptions, string][] = [
  ["", {}, "no_at"],
  ["<>", {}, "no_at"],
  ["user", {}, "no_at"],
  ["@example.com", {}, "bad_source_route"],
  ['""@example.com', {}, "bad_local"],
  [".user@example.com", {}, "bad_local"],
  ["user.@example.com", {}, "bad_local"],
  ["us..er@example.com", {}, "bad_local"],
  ["us er@example.com", {}, "bad_local"],
  ["user(comment)@example.com", {}, "bad_local"],
  ['"unterminated@example.com', {}, "bad_local"],
  ['"bad\u0001"@example.com', {}, "bad_local"],
  ["user@example.com>", {}, "bad_label"],
  ["<user@example.com", {}, "bad_local"],
  ["user@other@example.com", {}, "bad_label"],
  ["user@example.invalidtld", {}, "unknown_tld"],
  ["user@example.test", {}, "unknown_tld"],
  ["user@localhost", {}, "not_fqdn"],
  ["user@com", {}, "not_fqdn"],
  ["user@example.com.", {}, "trailing_dot"],
  ["user@example..com", {}, "bad_label"],
  ["user@-example.com", {}, "bad_label"],
  ["user@example-.com", {}, "bad_label"],
  ["user@exa_mple.com", {}, "bad_label"],
  ["user@exa%41mple.com", {}, "bad_label"],
  ["user@0x7f.1", {}, "bad_label"],
  ["user@127.0.0.1", {}, "bad_label"],
  ["user@" + "a".repeat(64) + ".com", {}, "bad_label"],
  ["u@" + "abcdefghi.".repeat(25) + "abcd", {}, "too_long"],
  ["a".repeat(65) + "@example.com", {}, "local_too_long"],
  ["user@xn--zz.com", {}, "bad_idn"],
  ["user@xn--invalid--.com", {}, "bad_label"],
  ["user@xn--a.com", {}, "bad_idn"],
  ["user@xn--bcher-kva", {}, "not_fqdn"],
  ["user@xn--abc.com", {}, "bad_idn"],
  ["user@a\u200db.com", UTF8, "bad_idn"],
  ["user@bücher.example.com", {}, "utf8_not_allowed"],
  ["josé@example.com", {}, "utf8_not_allowed"],
  ['"josé"@example.com', {}, "utf8_not_allowed"],
  ["user@[192.0.2.256]", {}, "bad_address_literal"],
  ["user@[01.2.3.4]", {}, "bad_address_literal"],
  ["user@[2001:db8::1]", {}, "bad_address_literal"],
  ["user@[IPv6:1.2.3.4]", {}, "bad_address_literal"],
  ["user@[x400:whatever]", {}, "bad_address_literal"],
  ["user@[192.0.2.1", {}, "bad_address_literal"],
  ["<@:user@example.com>", {}, "bad_source_route"],
  ["<@bad_host.com:user@example.com>", {}, "bad_source_route"],
  ["user@example.com" + "x".repeat(250), {}, "path_too_long"],
  ["user\r\n@example.com", {}, "bad_local"],
  ["user@example.com\r\nRCPT", {}, "bad_label"],
];

for (const [input, o, want] of accepted) {
  test(`address: accepts ${JSON.stringify(input)}${o.smtputf8 ? " (SMTPUTF8)" : ""}`, () => {
    const r = parseAddress(input, o);
    assert.ok(r.ok, r.ok ? "" : `${r.reason}: ${r.detail}`);
    assert.equal(r.mailbox.address, want);
  });
}

for (const [input, o, reason] of refused) {
  test(`address: refuses ${JSON.stringify(input.length > 60 ? input.slice(0, 60) + "..." : input)} as ${reason}`, () => {
    const r = parseAddress(input, o);
    assert.equal(r.ok, false, r.ok ? `accepted as ${r.mailbox.address}` : "");
    if (!r.ok) {
      assert.equal(r.reason, reason, r.detail);
      assert.ok(r.detail.length > 0);
    }
  });
}

test("address: structured result keeps the meant local part, the wire form, the literal and the route", () => {
  const q = parseAddress('"user@other"@Example.COM');
  assert.ok(q.ok);
  assert.equal(q.mailbox.local, "user@other");
  assert.equal(q.mailbox.localWire, '"user@other"');
  assert.deepEqual(q.mailbox.domain, { kind: "name", name: "example.com", utf8: false });
  const lit = parseAddress("postmaster@[IPv6:2001:db8:0:0:0:0:0:1]");
  assert.ok(lit.ok);
  assert.deepEqual(lit.mailbox.domain, { kind: "literal", name: "[IPv6:2001:db8::1]", family: 6, ip: "2001:db8::1" });
  const routed = parseAddress("<@a.example.net,@b.example.org:x@example.com>");
  assert.ok(routed.ok);
  assert.deepEqual(routed.sourceRoute, ["a.example.net", "b.example.org"]);
  const u = parseAddress("josé@bücher.de", UTF8);
  assert.ok(u.ok);
  assert.equal(u.mailbox.utf8, true);
  assert.equal(parseAddress("jose@xn--bcher-kva.de").ok && parseAddress("jose@xn--bcher-kva.de").ok, true);
  const a = parseAddress("jose@xn--bcher-kva.de");
  assert.ok(a.ok);
  assert.equal(a.mailbox.utf8, false);
});

test("address: local part length counts UTF-8 octets, not characters", () => {
  const local = "é".repeat(32); // 64 octets
  assert.ok(parseAddress(`${local}@example.com`, UTF8).ok);
  const r = parseAddress(`${local}e@example.com`, UTF8);
  assert.equal(r.ok ? "ok" : r.reason, "local_too_long");
});

test("tlds: the IANA list, with IDN TLDs in A-label form", () => {
  assert.equal(isKnownTld("com"), true);
  assert.equal(isKnownTld("xn--p1ai"), true);
  assert.equal(isKnownTld("рф"), false, "the set holds A-labels only");
  assert.equal(isKnownTld("invalidtld"), false);
  assert.equal(isKnownTld("test"), false);
});

test("punycode: RFC 3492 sample strings decode; malformed input is refused", () => {
  assert.equal(punycodeDecode("bcher-kva"), "bücher");
  assert.equal(punycodeDecode("e1afmkfd"), "пример");
  // RFC 3492 section 7.1 (A) Arabic (Egyptian) and (L) Japanese with ASCII.
  assert.equal(punycodeDecode("egbpdaj6bu4bxfgehfvwxn"), "\u0644\u064A\u0647\u0645\u0627\u0628\u062A\u0643\u0644\u0645\u0648\u0634\u0639\u0631\u0628\u064A\u061F");
  assert.equal(punycodeDecode("3B-ww4c5e180e575a65lsy2b"), "3\u5E74B\u7D44\u91D1\u516B\u5148\u751F");
  assert.equal(punycodeDecode("zz"), null);
  assert.equal(punycodeDecode("a!"), null);
  assert.equal(punycodeDecode("99999999999999"), null);
});
