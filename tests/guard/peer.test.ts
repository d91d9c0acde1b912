import { test } from "node:test";
import assert from "node:assert/strict";
import { normalisePeer } from "../../src/guard/ip-set.ts";

// [as a runtime might report it, canonical text or null, why]
const TABLE: [string, string | null, string][] = [
  ["10.1.2.3", "10.1.2.3", "plain IPv4"],
  ["::ffff:10.1.2.3", "10.1.2.3", "Node's IPv4 peer on a dual-stack socket"],
  ["::FFFF:10.1.2.3", "10.1.2.3", "mapped, upper case"],
  ["::ffff:a01:203", "10.1.2.3", "mapped, written in hex"],
  ["0:0:0:0:0:ffff:10.1.2.3", "10.1.2.3", "mapped, uncompressed"],
  ["[::ffff:10.1.2.3]", "10.1.2.3", "mapped in brackets"],
  ["::ffff:0.0.0.0", "0.0.0.0", "mapped unspecified"],
  ["::ffff:255.255.255.255", "255.255.255.255", "top of the mapped block"],
  ["::fffe:10.1.2.3", "::fffe:a01:203", "one bit off the mapped prefix stays IPv6"],
  ["::ff:10.1.2.3", "::ff:a01:203", "half the ffff stays IPv6"],
  ["::feff:10.1.2.3", "::feff:a01:203", "high byte of ffff wrong stays IPv6"],
  ["::7fff:10.1.2.3", "::7fff:a01:203", "top bit of ffff clear stays IPv6"],
  ["8000::ffff:10.1.2.3", "8000::ffff:a01:203", "a bit set far from the ffff stays IPv6"],
  ["0:0:0:0:1:ffff:a01:203", "::1:ffff:a01:203", "non-zero 80-bit head stays IPv6"],
  ["::10.1.2.3", "::a01:203", "IPv4-compatible is not IPv4"],
  ["64:ff9b::10.1.2.3", "64:ff9b::a01:203", "NAT64 is not IPv4"],
  ["::ffff:0:a01:203", "::ffff:0:a01:203", "SIIT translated form is not mapped"],
  ["2001:DB8::1", "2001:db8::1", "IPv6 lower-cased"],
  ["2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1", "IPv6 compressed"],
  ["[2001:db8::1]", "2001:db8::1", "brackets stripped"],
  ["::1", "::1", "IPv6 loopback"],
  ["::", "::", "IPv6 unspecified"],
  ["fe80::1%eth0", "fe80::1", "zone id dropped"],
  ["fe80::1%2", "fe80::1", "numeric zone id dropped"],
  ["[fe80::1%25eth0]", "fe80::1", "URI-escaped zone in brackets"],
  ["fe80::1%eth0.100", "fe80::1", "VLAN interface zone"],
  ["fe80::1%", null, "empty zone"],
  ["fe80::1%eth0%eth1", null, "two zones"],
  ["fe80::1%eth0/64", null, "prefix smuggled in a zone"],
  ["fe80::1%eth 0", null, "whitespace in a zone"],
  ["10.1.2.3%eth0", null, "zone on IPv4"],
  ["[10.1.2.3]", "10.1.2.3", "bracketed IPv4 tolerated"],
  ["[::1", null, "unbalanced bracket"],
  ["::1]", null, "unbalanced bracket"],
  ["[[::1]]", null, "double brackets"],
  ["10.1.2.3:25", null, "address with port"],
  ["10.0.0.0/8", null, "a range is not a peer"],
  ["010.1.2.3", null, "leading zero"],
  [" 10.1.2.3", null, "whitespace"],
  ["", null, "empty (e.g. a Unix socket)"],
  ["localhost", null, "a name"],
];

for (const [input, expected, why] of TABLE) {
  test(`normalisePeer ${JSON.stringify(input)} -> ${expected}: ${why}`, () => {
    const peer = normalisePeer(input);
    assert.equal(peer?.text ?? null, expected);
    if (peer) {
      assert.equal(peer.family, expected!.includes(":") ? 6 : 4);
      assert.equal(peer.bytes.length, peer.family === 4 ? 4 : 16);
    }
  });
}

test("normalisePeer tolerates non-strings from loosely typed callers", () => {
  assert.equal(normalisePeer(undefined as unknown as string), null);
  assert.equal(normalisePeer(42 as unknown as string), null);
});
