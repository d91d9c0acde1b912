import { test } from "node:test";
import assert from "node:assert/strict";
import { accessAllows } from "../../src/guard/access.ts";
import { IpSet, normalisePeer } from "../../src/guard/ip-set.ts";
import type { AccessMode } from "../../src/config/service.ts";

const LIST = IpSet.from(["10.0.0.0/8", "2001:db8::/32", "192.0.2.7"]);

// [peer, listed?]
const PEERS: [string, boolean][] = [
  ["10.1.2.3", true],
  ["::ffff:10.1.2.3", true],
  ["192.0.2.7", true],
  ["[2001:db8::1]", true],
  ["11.0.0.1", false],
  ["192.0.2.8", false],
  ["2001:db9::1", false],
  ["::a01:203", false],
];

const EXPECT: Record<AccessMode, (listed: boolean) => boolean> = {
  uncontrolled: () => true,
  deny: (listed) => !listed,
  allow: (listed) => listed,
};

for (const mode of ["uncontrolled", "deny", "allow"] as const) {
  for (const [peer, listed] of PEERS) {
    test(`${mode}: ${peer} (${listed ? "listed" : "not listed"}) -> ${EXPECT[mode](listed)}`, () => {
      assert.equal(accessAllows(mode, LIST, peer), EXPECT[mode](listed));
      assert.equal(accessAllows(mode, LIST, normalisePeer(peer)), EXPECT[mode](listed));
    });
  }
}

test("an empty list: uncontrolled and deny let everyone in, allow lets nobody in", () => {
  for (const peer of ["10.1.2.3", "::1"]) {
    assert.equal(accessAllows("uncontrolled", IpSet.empty, peer), true);
    assert.equal(accessAllows("deny", IpSet.empty, peer), true);
    assert.equal(accessAllows("allow", IpSet.empty, peer), false);
  }
});

test("a peer that is not an IP address fails closed in deny and allow, passes uncontrolled", () => {
  const everyone = IpSet.from(["0.0.0.0/0", "::/0"]);
  for (const peer of ["", "unix:/run/x.sock", "fe80::1%", null]) {
    assert.equal(accessAllows("uncontrolled", everyone, peer), true, String(peer));
    assert.equal(accessAllows("deny", IpSet.empty, peer), false, String(peer));
    assert.equal(accessAllows("allow", everyone, peer), false, String(peer));
  }
});

test("an unknown mode (unvalidated input) refuses rather than reading as uncontrolled", () => {
  assert.equal(accessAllows("open" as AccessMode, IpSet.empty, "10.1.2.3"), false);
});
