/**
 * Compiled matcher for an access or `unlimited` list of addresses and CIDR ranges, and the one
 * place peer addresses reported by a runtime are normalised.
 *
 * Matching rules (the same for entries and peers):
 *
 * - IPv4-mapped IPv6 (`::ffff:0:0/96`) *is* IPv4. Node reports IPv4 peers on dual-stack sockets
 *   as `::ffff:10.1.2.3`; the same client must get the same answer whichever socket it came in
 *   on, so peers are mapped down to IPv4, and so are entries written in mapped form with a
 *   prefix of 96 or more (`::ffff:10.0.0.0/104` is `10.0.0.0/8`).
 * - Otherwise the families never meet: an IPv4 entry (even `0.0.0.0/0`) matches no native IPv6
 *   peer, and an IPv6 entry (even `::/0`) matches no IPv4 peer — the nginx rule. Only the mapped
 *   block is translated; IPv4-compatible (`::1.2.3.4`) and NAT64 (`64:ff9b::/96`) addresses stay
 *   IPv6, because the address we see for them is not the client's IPv4 address.
 *
 * Lookup cost is one hash probe per distinct prefix length in the list (at most 33 for IPv4 and
 * 129 for IPv6, in practice a handful), independent of the number of entries.
 *
 * @module
 */
import { formatIp, ipOrCidrError, parseCidr, parseIp, type ParsedCidr, type ParsedIp } from "../config/ip.ts";

/** A peer address in canonical form: mapped IPv4 unwrapped, zone dropped, `text` from `formatIp`. */
export interface Peer extends ParsedIp {
  /** Canonical text (`10.1.2.3`, `2001:db8::1`): a stable key for counters and logs. */
  readonly text: string;
}

// A zone names an interface (`eth0`, `2`, or `25eth0` from a URI's `%25`); anything that could
// smuggle a second address or a prefix past us is refused instead.
const ZONE = /^[^\s%/[\]]+$/;

/**
 * Normalises a remote address as a runtime reports it (`10.1.2.3`, `::ffff:10.1.2.3`,
 * `[2001:db8::1]`, `fe80::1%eth0`) to a {@link Peer}, or `null` when it is not an IP address.
 *
 * A zone id is dropped: config lists cannot contain zones, so a link-local peer can only ever be
 * matched by its address. Zones on IPv4 text are rejected.
 */
export function normalisePeer(address: string): Peer | null {
  if (typeof address !== "string") return null;
  let text = address;
  if (text.startsWith("[") || text.endsWith("]")) {
    if (!(text.startsWith("[") && text.endsWith("]"))) return null;
    text = text.slice(1, -1);
  }
  const pct = text.indexOf("%");
  if (pct >= 0) {
    const zone = text.slice(pct + 1);
    text = text.slice(0, pct);
    if (!text.includes(":") || !ZONE.test(zone)) return null;
  }
  const ip = parseIp(text);
  if (!ip) return null;
  const canonical = unmap(ip);
  return { family: canonical.family, bytes: canonical.bytes, text: formatIp(canonical) };
}

function isMapped(bytes: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return false;
  return bytes[10] === 0xff && bytes[11] === 0xff;
}

/** IPv4 for an IPv4-mapped IPv6 address, the address itself otherwise. */
function unmap(ip: ParsedIp): ParsedIp {
  if (ip.family === 6 && isMapped(ip.bytes)) return { family: 4, bytes: ip.bytes.slice(12) };
  return ip;
}

/** Entries inside the mapped block with at least its 96 bits fixed are IPv4 ranges. */
function unmapRange(range: ParsedCidr): ParsedCidr {
  if (range.family === 6 && range.prefix >= 96 && isMapped(range.bytes)) {
    return { family: 4, bytes: range.bytes.slice(12), prefix: range.prefix - 96 };
  }
  return range;
}

function v4Number(bytes: Uint8Array): number {
  return ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
}

// `x << 32` is `x << 0` in JavaScript, hence the explicit /0.
function v4Mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

function v6Hex(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < 16; i++) s += HEX[bytes[i]!];
  return s;
}

/** The first `prefix` bits of a 32-nibble hex string, as a string key (a partial last nibble masked). */
function v6Key(hex: string, prefix: number): string {
  const whole = prefix >> 2;
  const rest = prefix & 3;
  if (rest === 0) return hex.slice(0, whole);
  const nibble = parseInt(hex[whole]!, 16) & (0xf0 >> rest) & 0xf;
  return hex.slice(0, whole) + nibble.toString(16);
}

/**
 * An immutable, compiled set of addresses and CIDR ranges. Build it once per settings change with
 * {@link IpSet.from}; `has` is then cheap enough to call for every connection.
 */
export class IpSet {
  // Per family: prefix length → set of network keys, plus the prefix lengths present, longest
  // first so single addresses (the common case in long lists) are found by the first probe.
  readonly #v4 = new Map<number, Set<number>>();
  readonly #v6 = new Map<number, Set<string>>();
  #v4Prefixes: number[] = [];
  #v6Prefixes: number[] = [];
  #size = 0;

  private constructor() {}

  /** The empty set. */
  static readonly empty: IpSet = new IpSet();

  /**
   * Compiles `entries` (addresses or CIDR ranges in the config's strict syntax). Throws a
   * `RangeError` naming the first invalid entry: lists are validated on the way in, so an
   * invalid one here is a bug, and skipping it silently could open a deny list.
   */
  static from(entries: Iterable<string>): IpSet {
    const set = new IpSet();
    for (const entry of entries) {
      const parsed = parseCidr(entry);
      if (!parsed) {
        throw new RangeError(`invalid address or range ${JSON.stringify(entry)}: ${ipOrCidrError(entry)}`);
      }
      set.#add(unmapRange(parsed));
    }
    set.#v4Prefixes = [...set.#v4.keys()].sort((a, b) => b - a);
    set.#v6Prefixes = [...set.#v6.keys()].sort((a, b) => b - a);
    return set;
  }

  #add(range: ParsedCidr): void {
    if (range.family === 4) {
      const key = (v4Number(range.bytes) & v4Mask(range.prefix)) >>> 0;
      let bucket = this.#v4.get(range.prefix);
      if (!bucket) this.#v4.set(range.prefix, (bucket = new Set()));
      if (!bucket.has(key)) this.#size++;
      bucket.add(key);
    } else {
      const key = v6Key(v6Hex(range.bytes), range.prefix);
      let bucket = this.#v6.get(range.prefix);
      if (!bucket) this.#v6.set(range.prefix, (bucket = new Set()));
      if (!bucket.has(key)) this.#size++;
      bucket.add(key);
    }
  }

  /** Number of distinct ranges (after mapped entries became IPv4 and duplicates merged). */
  get size(): number {
    return this.#size;
  }

  /**
   * Whether `peer` lies in any range. A string is normalised with {@link normalisePeer} first
   * (an unparseable one is in no set); a parsed address in mapped form is treated as IPv4.
   */
  has(peer: string | ParsedIp): boolean {
    const ip = typeof peer === "string" ? normalisePeer(peer) : unmap(peer);
    if (!ip) return false;
    if (ip.family === 4) {
      const n = v4Number(ip.bytes);
      for (const prefix of this.#v4Prefixes) {
        if (this.#v4.get(prefix)!.has((n & v4Mask(prefix)) >>> 0)) return true;
      }
      return false;
    }
    if (this.#v6Prefixes.length === 0) return false;
    const hex = v6Hex(ip.bytes);
    for (const prefix of this.#v6Prefixes) {
      if (this.#v6.get(prefix)!.has(v6Key(hex, prefix))) return true;
    }
    return false;
  }
}
