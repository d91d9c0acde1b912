// Compares IpSet with a deliberately naive matcher (bit strings and startsWith) on random lists
// and peers. The generator clusters addresses around a few bases so that prefixes of every
// length both hit and miss, and writes IPv4 in all the spellings a runtime or config may use.
import { test } from "node:test";
import assert from "node:assert/strict";
import { IpSet } from "../../src/guard/ip-set.ts";
import { formatIp, maskBytes, parseCidr, parseIp } from "../../src/config/ip.ts";
import { rng } from "../helpers/random.ts";


const bits = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(2).padStart(8, "0")).join("");
const MAPPED_HEAD = "0".repeat(80) + "1".repeat(16);

/** Family and bit string, with the mapped block folded into IPv4 — the rule under test, restated. */
function naiveForm(family: 4 | 6, bytes: Uint8Array, prefix: number): { v4: boolean; bits: string } {
  const b = bits(bytes);
  if (family === 6 && prefix >= 96 && b.startsWith(MAPPED_HEAD)) return { v4: true, bits: b.slice(96, prefix) };
  return { v4: family === 4, bits: b.slice(0, prefix) };
}

function naiveHas(list: string[], peer: string): boolean {
  const p = parseIp(peer)!;
  const pf = naiveForm(p.family, p.bytes, p.family === 4 ? 32 : 128);
  return list.some((entry) => {
    const c = parseCidr(entry)!;
    const ef = naiveForm(c.family, c.bytes, c.prefix);
    return ef.v4 === pf.v4 && pf.bits.startsWith(ef.bits);
  });
}

function randomBytes(next: () => number, n: number) {
  return Uint8Array.from({ length: n }, () => Math.floor(next() * 256));
}

/** A random address near one of `bases`: copy a random number of leading bits, randomise the rest. */
function near(next: () => number, base: Uint8Array): Uint8Array {
  const keep = Math.floor(next() * (base.length * 8 + 1));
  const noise = randomBytes(next, base.length);
  const out = new Uint8Array(base.length);
  for (let i = 0; i < base.length * 8; i++) {
    const src = i < keep ? base : noise;
    const bit = (src[i >> 3]! >> (7 - (i & 7))) & 1;
    out[i >> 3]! |= bit << (7 - (i & 7));
  }
  // Flip one bit right after the kept ones now and then, to sit exactly on a boundary.
  if (keep < base.length * 8 && next() < 0.5) {
    const i = keep;
    out[i >> 3]! = (out[i >> 3]! & ~(1 << (7 - (i & 7)))) | ((~base[i >> 3]! >> (7 - (i & 7)) & 1) << (7 - (i & 7)));
  }
  return out;
}

const mappedText = (v4: Uint8Array) => `::ffff:${Array.from(v4).join(".")}`;

test("IpSet agrees with a naive matcher on random lists and peers", () => {
  const seed = Number(process.env.GUARD_SEED ?? 20240611);
  const next = rng(seed);
  let hits = 0;
  let checks = 0;
  for (let round = 0; round < 200; round++) {
    const bases4 = Array.from({ length: 3 }, () => randomBytes(next, 4));
    const bases6 = Array.from({ length: 3 }, () => randomBytes(next, 16));
    const list: string[] = [];
    const entries = 1 + Math.floor(next() * 12);
    for (let i = 0; i < entries; i++) {
      const r = next();
      if (r < 0.45) {
        const prefix = Math.floor(next() * 33);
        const net = maskBytes(near(next, bases4[Math.floor(next() * 3)]!), prefix);
        list.push(`${formatIp({ family: 4, bytes: net })}/${prefix}`);
      } else if (r < 0.55) {
        // IPv4 written as a mapped range, prefix 96-128 (sometimes below, to stay IPv6).
        const prefix = 90 + Math.floor(next() * 39);
        const v6 = new Uint8Array(16);
        v6[10] = 0xff;
        v6[11] = 0xff;
        v6.set(near(next, bases4[Math.floor(next() * 3)]!), 12);
        const net = maskBytes(v6, prefix);
        list.push(`${formatIp({ family: 6, bytes: net })}/${prefix}`);
      } else {
        const prefix = Math.floor(next() * 129);
        const net = maskBytes(near(next, bases6[Math.floor(next() * 3)]!), prefix);
        list.push(`${formatIp({ family: 6, bytes: net })}/${prefix}`);
      }
    }
    const set = IpSet.from(list);
    for (let i = 0; i < 50; i++) {
      let peer: string;
      const r = next();
      const v4 = near(next, bases4[Math.floor(next() * 3)]!);
      if (r < 0.35) peer = formatIp({ family: 4, bytes: v4 });
      else if (r < 0.6) peer = mappedText(v4);
      else if (r < 0.65) peer = formatIp({ family: 6, bytes: Uint8Array.from([...new Uint8Array(12), ...v4]) }); // IPv4-compatible
      else if (r < 0.72) {
        // Almost mapped: one bit of the 96-bit ::ffff: head flipped, so it must stay IPv6.
        const b = Uint8Array.from([...new Uint8Array(10), 0xff, 0xff, ...v4]);
        const bit = Math.floor(next() * 96);
        b[bit >> 3]! ^= 1 << (7 - (bit & 7));
        peer = formatIp({ family: 6, bytes: b });
      }      else peer = formatIp({ family: 6, bytes: near(next, bases6[Math.floor(next() * 3)]!) });
      const expected = naiveHas(list, peer);
      checks++;
      if (expected) hits++;
      assert.equal(set.has(peer), expected, `seed ${seed} round ${round}: ${peer} in ${JSON.stringify(list)}`);
    }
  }
  // The generator is only useful if both answers occur often.
  assert.ok(hits > checks * 0.15 && hits < checks * 0.85, `hits ${hits} of ${checks}`);
});
