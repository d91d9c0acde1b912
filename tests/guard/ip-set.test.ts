import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { IpSet, normalisePeer } from "../../src/guard/ip-set.ts";
import { parseIp } from "../../src/config/ip.ts";

// [list, peer, expected, why]
type Row = [string[], string, boolean, string];

const IPV4: Row[] = [
  [["0.0.0.0/0"], "0.0.0.0", true, "/0 covers the bottom"],
  [["0.0.0.0/0"], "255.255.255.255", true, "/0 covers the top"],
  [["0.0.0.0/0"], "2001:db8::1", false, "IPv4 /0 is not IPv6"],
  [["0.0.0.0/0"], "::", false, "IPv4 /0 is not the IPv6 unspecified address"],
  [["0.0.0.0/0"], "::ffff:1.2.3.4", true, "IPv4 /0 covers a mapped peer"],
  [["128.0.0.0/1"], "127.255.255.255", false, "/1 lower half"],
  [["128.0.0.0/1"], "128.0.0.0", true, "/1 upper half starts"],
  [["0.0.0.0/1"], "127.255.255.255", true, "/1 low range, top"],
  [["0.0.0.0/1"], "128.0.0.0", false, "/1 low range excludes high bit"],
  [["10.0.0.0/8"], "10.0.0.0", true, "/8 network address"],
  [["10.0.0.0/8"], "10.255.255.255", true, "/8 broadcast"],
  [["10.0.0.0/8"], "9.255.255.255", false, "/8 just below"],
  [["10.0.0.0/8"], "11.0.0.0", false, "/8 just above"],
  [["10.0.0.0/8"], "::ffff:10.1.2.3", true, "/8 covers the mapped peer"],
  [["10.0.0.0/8"], "::ffff:11.1.2.3", false, "mapped peer outside /8"],
  [["10.0.0.0/8"], "::a01:203", false, "IPv4-compatible is not mapped"],
  [["10.0.0.0/8"], "a00::", false, "IPv6 with the same leading byte"],
  [["10.0.0.0/8"], "64:ff9b::10.1.2.3", false, "NAT64 is not the client's IPv4"],
  [["192.168.2.0/23"], "192.168.2.0", true, "/23 first"],
  [["192.168.2.0/23"], "192.168.3.255", true, "/23 last (crosses a byte)"],
  [["192.168.2.0/23"], "192.168.1.255", false, "/23 just below"],
  [["192.168.2.0/23"], "192.168.4.0", false, "/23 just above"],
  [["172.16.0.0/12"], "172.31.255.255", true, "/12 last"],
  [["172.16.0.0/12"], "172.32.0.0", false, "/12 just above"],
  [["172.16.0.0/12"], "172.15.255.255", false, "/12 just below"],
  [["10.1.2.4/31"], "10.1.2.4", true, "/31 first"],
  [["10.1.2.4/31"], "10.1.2.5", true, "/31 second"],
  [["10.1.2.4/31"], "10.1.2.6", false, "/31 next pair"],
  [["10.1.2.4/31"], "10.1.2.3", false, "/31 previous pair"],
  [["10.1.2.3/32"], "10.1.2.3", true, "/32 itself"],
  [["10.1.2.3/32"], "10.1.2.2", false, "/32 neighbour below"],
  [["10.1.2.3/32"], "10.1.2.4", false, "/32 neighbour above"],
  [["10.1.2.3"], "10.1.2.3", true, "bare address"],
  [["10.1.2.3"], "::ffff:10.1.2.3", true, "bare address matches its mapped form"],
  [["10.1.2.3"], "[::ffff:10.1.2.3]", true, "bare address matches its bracketed mapped form"],
  [["255.255.255.255"], "255.255.255.255", true, "all-ones /32 (a sign-bit trap)"],
  [["255.255.255.254/31"], "255.255.255.255", true, "all-ones /31"],
  [["128.0.0.0/32"], "128.0.0.0", true, "high bit set, /32"],
  [["0.0.0.0/32"], "0.0.0.0", true, "zero /32"],
  [["0.0.0.0/32"], "0.0.0.1", false, "zero /32 neighbour"],
  [[], "10.1.2.3", false, "empty list"],
];

const IPV6: Row[] = [
  [["::/0"], "::", true, "/0 bottom"],
  [["::/0"], "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", true, "/0 top"],
  [["::/0"], "10.1.2.3", false, "IPv6 /0 is not IPv4"],
  [["::/0"], "::ffff:10.1.2.3", false, "IPv6 /0 is not a mapped (i.e. IPv4) peer either"],
  [["8000::/1"], "7fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", false, "/1 below"],
  [["8000::/1"], "8000::", true, "/1 start"],
  [["2001:db8::/32"], "2001:db8::", true, "/32 first"],
  [["2001:db8::/32"], "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", true, "/32 last"],
  [["2001:db8::/32"], "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff", false, "/32 below"],
  [["2001:db8::/32"], "2001:db9::", false, "/32 above"],
  [["2001:db8::/32"], "[2001:DB8::1]", true, "bracketed upper case peer"],
  [["2001:db8::/33"], "2001:db8:7fff::", true, "/33 half"],
  [["2001:db8::/33"], "2001:db8:8000::", false, "/33 other half"],
  [["2001:db8::/34"], "2001:db8:3fff:ffff::", true, "/34 mid-nibble"],
  [["2001:db8::/34"], "2001:db8:4000::", false, "/34 mid-nibble neighbour"],
  [["2001:db8:0:2::/63"], "2001:db8:0:3:ffff:ffff:ffff:ffff", true, "/63 last"],
  [["2001:db8:0:2::/63"], "2001:db8:0:4::", false, "/63 above"],
  [["2001:db8:0:2::/63"], "2001:db8:0:1:ffff:ffff:ffff:ffff", false, "/63 below"],
  [["2001:db8::/64"], "2001:db8::ffff:ffff:ffff:ffff", true, "/64 last"],
  [["2001:db8::/64"], "2001:db8:0:1::", false, "/64 above"],
  [["fe80::/10"], "fe80::1%eth0", true, "link-local with a zone"],
  [["fe80::/10"], "febf:ffff::1", true, "/10 last"],
  [["fe80::/10"], "fec0::", false, "/10 above"],
  [["2001:db8::2/127"], "2001:db8::2", true, "/127 first"],
  [["2001:db8::2/127"], "2001:db8::3", true, "/127 second"],
  [["2001:db8::2/127"], "2001:db8::4", false, "/127 next pair"],
  [["2001:db8::2/127"], "2001:db8::1", false, "/127 previous pair"],
  [["2001:db8::1/128"], "2001:db8::1", true, "/128 itself"],
  [["2001:db8::1/128"], "2001:db8::", false, "/128 below"],
  [["2001:db8::1/128"], "2001:db8::2", false, "/128 above"],
  [["2001:db8::1"], "2001:0db8:0:0:0:0:0:1", true, "bare address, other spelling"],
  [["::1"], "::1", true, "loopback"],
  [["::1"], "127.0.0.1", false, "IPv6 loopback is not IPv4 loopback"],
  [["::"], "::", true, "unspecified as an entry"],
  [["::"], "0.0.0.0", false, ":: is not 0.0.0.0"],
  [["::a01:203"], "10.1.2.3", false, "IPv4-compatible entry is not IPv4"],
  [["64:ff9b::/96"], "64:ff9b::10.1.2.3", true, "NAT64 range"],
  [["64:ff9b::/96"], "10.1.2.3", false, "NAT64 range is not IPv4"],
];

const MAPPED_ENTRIES: Row[] = [
  [["::ffff:10.0.0.0/104"], "10.200.0.1", true, "mapped /104 is 10.0.0.0/8"],
  [["::ffff:10.0.0.0/104"], "::ffff:10.200.0.1", true, "and covers mapped peers"],
  [["::ffff:10.0.0.0/104"], "11.0.0.0", false, "mapped /104 upper edge"],
  [["::ffff:10.1.2.3"], "10.1.2.3", true, "mapped address is the IPv4 address"],
  [["::ffff:10.1.2.3/128"], "10.1.2.3", true, "mapped /128 is /32"],
  [["::ffff:0.0.0.0/96"], "1.2.3.4", true, "the mapped block itself is all of IPv4"],
  [["::ffff:0.0.0.0/96"], "2001:db8::1", false, "and nothing else"],
  [["::ffff:0.0.0.0/96"], "::fffe:1.2.3.4", false, "nor its neighbour"],
  [["::/80"], "1.2.3.4", false, "a broader IPv6 range stays IPv6"],
  [["::/80"], "::fffe:1.2.3.4", true, "and matches IPv6 under it"],
];

function runTable(name: string, rows: Row[]) {
  describe(name, () => {
    for (const [list, peer, expected, why] of rows) {
      test(`${JSON.stringify(list)} has ${peer} = ${expected}: ${why}`, () => {
        const set = IpSet.from(list);
        assert.equal(set.has(peer), expected);
        // The parsed and normalised forms must agree with the string form.
        const normal = normalisePeer(peer);
        assert.ok(normal, "table peers are valid");
        assert.equal(set.has(normal), expected);
        const raw = parseIp(peer.replace(/^\[|\]$/g, "").replace(/%.*$/, ""));
        if (raw) assert.equal(set.has(raw), expected, "raw parsed (maybe mapped) form");
      });
    }
  });
}

runTable("IPv4 boundaries", IPV4);
runTable("IPv6 boundaries", IPV6);
runTable("entries written as IPv4-mapped IPv6", MAPPED_ENTRIES);

describe("every IPv4 prefix length", () => {
  const base = parseIp("203.0.113.77")!.bytes;
  const n = ((base[0]! << 24) | (base[1]! << 16) | (base[2]! << 8) | base[3]!) >>> 0;
  const text = (x: number) => [x >>> 24, (x >>> 16) & 255, (x >>> 8) & 255, x & 255].join(".");
  for (let p = 0; p <= 32; p++) {
    test(`/${p}: first and last in, neighbours out`, () => {
      const size = 2 ** (32 - p);
      const first = Math.floor(n / size) * size;
      const last = first + size - 1;
      const set = IpSet.from([`${text(first)}/${p}`]);
      assert.equal(set.has(text(first)), true);
      assert.equal(set.has(text(last)), true);
      assert.equal(set.has(text(n)), true);
      if (first > 0) assert.equal(set.has(text(first - 1)), false);
      if (last < 2 ** 32 - 1) assert.equal(set.has(text(last + 1)), false);
    });
  }
});

describe("every IPv6 prefix length", () => {
  const big = (s: string) => {
    const b = parseIp(s)!.bytes;
    return BigInt("0x" + Array.from(b, (x) => x.toString(16).padStart(2, "0")).join(""));
  };
  const text = (x: bigint) => x.toString(16).padStart(32, "0").match(/.{4}/g)!.join(":");
  const n = big("2001:db8:85a3:8d3:1319:8a2e:370:7348");
  const top = (1n << 128n) - 1n;
  for (let p = 0; p <= 128; p++) {
    test(`/${p}: first and last in, neighbours out`, () => {
      const hostBits = BigInt(128 - p);
      const first = (n >> hostBits) << hostBits;
      const last = first + (1n << hostBits) - 1n;
      const set = IpSet.from([`${text(first)}/${p}`]);
      assert.equal(set.has(text(first)), true);
      assert.equal(set.has(text(last)), true);
      assert.equal(set.has(text(n)), true);
      if (first > 0n) assert.equal(set.has(text(first - 1n)), false);
      if (last < top) assert.equal(set.has(text(last + 1n)), false);
    });
  }
});

describe("IpSet.from", () => {
  test("rejects an invalid entry, naming it", () => {
    for (const bad of ["10.0.0.1/8", "10.0.0.0/33", "::/129", "fe80::1%eth0", "nonsense", "", "1.2.3.4 "]) {
      assert.throws(() => IpSet.from([bad]), (e: unknown) => e instanceof RangeError && e.message.includes(JSON.stringify(bad)), bad);
    }
  });

  test("size counts distinct ranges after normalisation", () => {
    assert.equal(IpSet.from([]).size, 0);
    assert.equal(IpSet.empty.size, 0);
    assert.equal(IpSet.from(["10.1.2.3", "10.1.2.3/32", "::ffff:10.1.2.3", "::ffff:10.1.2.3/128"]).size, 1);
    assert.equal(IpSet.from(["10.0.0.0/8", "10.0.0.0/16", "2001:db8::/32", "2001:DB8::/32"]).size, 3);
  });

  test("the empty set has nothing", () => {
    for (const peer of ["0.0.0.0", "::", "10.1.2.3", "::ffff:10.1.2.3", "2001:db8::1"]) {
      assert.equal(IpSet.empty.has(peer), false);
    }
  });

  test("an unparseable peer is in no set, not even 0.0.0.0/0 plus ::/0", () => {
    const all = IpSet.from(["0.0.0.0/0", "::/0"]);
    for (const peer of ["", "localhost", "10.1.2.3:25", "fe80::1%", "[::1"]) assert.equal(all.has(peer), false, peer);
  });

  test("mixed lists: each entry still matches on its own", () => {
    const list = ["10.0.0.0/8", "192.168.2.0/23", "203.0.113.7", "2001:db8::/32", "fe80::/10", "::1"];
    const set = IpSet.from(list);
    for (const [peer, expected] of [
      ["10.9.9.9", true], ["192.168.3.1", true], ["203.0.113.7", true], ["203.0.113.8", false],
      ["2001:db8:1::1", true], ["fe80::abcd%3", true], ["::1", true], ["::2", false],
      ["127.0.0.1", false], ["::ffff:192.168.2.200", true], ["172.16.0.1", false],
    ] as const) {
      assert.equal(set.has(peer), expected, peer);
    }
  });

  test("thousands of entries: exact addresses and ranges both found", () => {
    const list: string[] = [];
    for (let i = 0; i < 5000; i++) list.push(`10.${(i >> 8) & 255}.${i & 255}.${(i * 7) & 255}`);
    for (let i = 0; i < 2000; i++) list.push(`2001:db8:${i.toString(16)}::/48`);
    for (let i = 0; i < 500; i++) list.push(`172.${16 + (i & 15)}.${i >> 4}.0/24`);
    const set = IpSet.from(list);
    assert.equal(set.has("10.0.5.35"), true);
    assert.equal(set.has("10.0.5.36"), false);
    assert.equal(set.has("2001:db8:7cf:1::1"), true); // 0x7cf = 1999
    assert.equal(set.has("2001:db8:7d0::1"), false); // 2000
    assert.equal(set.has("172.17.1.9"), true); // i = 17
    assert.equal(set.has("172.17.40.9"), false);
  });
});
