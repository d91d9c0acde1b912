import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  formatIp,
  ipError,
  ipOrCidrError,
  isIp,
  isIpOrCidr,
  parseCidr,
  parseIp,
} from "../../src/config/ip.ts";

// [input, valid as a single address, valid as address-or-CIDR, why (for the reader)]
const TABLE: [string, boolean, boolean, string][] = [
  ["1.2.3.4", true, true, "plain IPv4"],
  ["0.0.0.0", true, true, "IPv4 unspecified"],
  ["255.255.255.255", true, true, "IPv4 broadcast"],
  ["01.2.3.4", false, false, "leading zero could mean octal"],
  ["1.2.3.04", false, false, "leading zero in last octet"],
  ["00.0.0.0", false, false, "double zero"],
  ["256.0.0.1", false, false, "octet over 255"],
  ["1.2.3", false, false, "three octets"],
  ["1.2.3.4.5", false, false, "five octets"],
  ["1.2.3.", false, false, "trailing dot"],
  ["1..3.4", false, false, "empty octet"],
  ["167772161", false, false, "integer form"],
  ["0x7f.0.0.1", false, false, "hex octet"],
  [" 1.2.3.4", false, false, "leading space"],
  ["1.2.3.4 ", false, false, "trailing space"],
  ["+1.2.3.4", false, false, "sign"],
  ["", false, false, "empty"],
  ["::", true, true, "IPv6 unspecified"],
  ["::1", true, true, "IPv6 loopback"],
  ["1::", true, true, "gap at the end"],
  ["2001:db8::1", true, true, "documentation prefix"],
  ["2001:DB8:0:0:0:0:0:1", true, true, "upper case, no compression"],
  ["2001:0db8:0000:0000:0000:0000:0000:0001", true, true, "4-digit groups with zeros"],
  ["1:2:3:4:5:6:7::", true, true, ":: standing for one group"],
  ["::2:3:4:5:6:7:8", true, true, ":: at the start standing for one group"],
  ["1:2:3:4:5:6:7:8", true, true, "eight groups"],
  ["1:2:3:4:5:6:7:8:9", false, false, "nine groups"],
  ["1:2:3:4:5:6:7", false, false, "seven groups without ::"],
  ["1:2:3:4:5:6:7:8::", false, false, "eight groups plus ::"],
  ["1::2::3", false, false, "two ::"],
  [":::", false, false, "triple colon"],
  [":1::2", false, false, "single leading colon"],
  ["1::2:", false, false, "single trailing colon"],
  ["12345::", false, false, "five hex digits"],
  ["g::1", false, false, "non-hex digit"],
  ["fe80::1%eth0", false, false, "zone IDs rejected (interface-local, not an address)"],
  ["fe80::1%25eth0", false, false, "URI-escaped zone ID"],
  ["::ffff:1.2.3.4", true, true, "IPv4-mapped"],
  ["::1.2.3.4", true, true, "IPv4-compatible (deprecated, still well-formed)"],
  ["64:ff9b::192.0.2.33", true, true, "NAT64 with embedded IPv4"],
  ["1:2:3:4:5:6:1.2.3.4", true, true, "six groups plus IPv4"],
  ["1:2:3:4:5:6:7:1.2.3.4", false, false, "too long with IPv4"],
  ["::ffff:01.2.3.4", false, false, "leading zero in embedded IPv4"],
  ["::ffff:256.2.3.4", false, false, "embedded octet over 255"],
  ["1.2.3.4::", false, false, "IPv4 before the gap"],
  ["::1.2.3.4:1", false, false, "IPv4 not at the end"],
  ["[::1]", false, false, "brackets are URL syntax"],
  ["2001:db8::/32", false, true, "IPv6 CIDR"],
  ["::/0", false, true, "everything IPv6"],
  ["::1/128", false, true, "IPv6 host route"],
  ["10.0.0.0/8", false, true, "IPv4 CIDR"],
  ["0.0.0.0/0", false, true, "everything IPv4"],
  ["1.2.3.4/32", false, true, "IPv4 host route"],
  ["10.0.0.0/33", false, false, "IPv4 prefix over 32"],
  ["2001:db8::/129", false, false, "IPv6 prefix over 128"],
  ["10.0.0.0/08", false, false, "leading zero in prefix"],
  ["10.0.0.0/", false, false, "empty prefix"],
  ["10.0.0.0/-1", false, false, "negative prefix"],
  ["10.0.0.0/8/8", false, false, "two slashes"],
  ["10.0.0.1/8", false, false, "host bits set"],
  ["2001:db8::1/32", false, false, "IPv6 host bits set"],
  ["fe80::%eth0/64", false, false, "zone ID in a range"],
  ["/8", false, false, "prefix without address"],
];

describe("IP / CIDR validator", () => {
  for (const [input, ip, cidr, why] of TABLE) {
    test(`${JSON.stringify(input)}: ${why}`, () => {
      assert.equal(isIp(input), ip, `isIp(${JSON.stringify(input)})`);
      assert.equal(isIpOrCidr(input), cidr, `isIpOrCidr(${JSON.stringify(input)})`);
      assert.equal(parseIp(input) !== null, ip && !input.includes("%"), `parseIp(${JSON.stringify(input)})`);
      assert.equal(parseCidr(input) !== null, cidr, `parseCidr(${JSON.stringify(input)})`);
      if (!ip) assert.equal(typeof ipError(input), "string");
      if (!cidr) assert.equal(typeof ipOrCidrError(input), "string");
    });
  }

  test("parsed bytes", () => {
    assert.deepEqual(parseIp("1.2.3.4"), { family: 4, bytes: new Uint8Array([1, 2, 3, 4]) });
    const mapped = parseIp("::ffff:1.2.3.4")!;
    assert.equal(mapped.family, 6);
    assert.deepEqual([...mapped.bytes], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 1, 2, 3, 4]);
    assert.deepEqual([...parseIp("1::2")!.bytes], [0, 1, ...new Array(12).fill(0), 0, 2]);
    assert.deepEqual(parseCidr("2001:db8::/32")!.prefix, 32);
    assert.deepEqual(parseCidr("1.2.3.4")!.prefix, 32);
    assert.deepEqual(parseCidr("::1")!.prefix, 128);
  });

  test("reasons name the problem", () => {
    assert.match(ipOrCidrError("10.0.0.0/33")!, /0-32 for IPv4/);
    assert.match(ipOrCidrError("::/129")!, /0-128 for IPv6/);
    assert.match(ipOrCidrError("10.0.0.1/8")!, /did you mean 10\.0\.0\.0\/8/);
    assert.match(ipOrCidrError("2001:db8::1/32")!, /did you mean 2001:db8::\/32/);
    assert.match(ipError("fe80::1%eth0")!, /zone/);
    assert.match(ipError("10.0.0.0/8")!, /CIDR range is not allowed/);
  });

  test("canonical formatting (RFC 5952)", () => {
    const cases: [string, string][] = [
      ["2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"],
      ["::", "::"],
      ["::1", "::1"],
      ["1::", "1::"],
      ["1:0:0:2:0:0:0:3", "1:0:0:2::3"],
      ["1:0:2:3:4:5:6:7", "1:0:2:3:4:5:6:7"],
      ["::ffff:1.2.3.4", "::ffff:1.2.3.4"],
      ["1.2.3.4", "1.2.3.4"],
    ];
    for (const [input, want] of cases) assert.equal(formatIp(parseIp(input)!), want, input);
  });
});
