/**
 * Strict IPv4 / IPv6 address and CIDR range validation for the config schema.
 *
 * Deliberately stricter than `inet_aton`-style parsers: an access list is a security boundary, so
 * anything a reader could interpret two ways is rejected rather than guessed at.
 *
 * - IPv4 is exactly four decimal octets 0-255 with no leading zeros (`01.2.3.4` is rejected, since
 *   some parsers read `010` as octal 8); no shorthand forms like `10.1` or `167772161`.
 * - IPv6 follows RFC 4291 §2.2: one to four hex digits per group, at most one `::`, an embedded
 *   dotted IPv4 tail (`::ffff:1.2.3.4`) only in the last 32 bits.
 * - Zone / scope IDs (`fe80::1%eth0`) are rejected: they name an interface on one host, not an
 *   address, and cannot sensibly appear in a bind address or an access list in a config file.
 * - A CIDR prefix is decimal without leading zeros, 0-32 for IPv4 and 0-128 for IPv6, and the
 *   address must be the network address (`10.0.0.1/8` is rejected with a hint naming
 *   `10.0.0.0/8`), because a set host bit is almost always a typo for a different range.
 * - No surrounding whitespace is accepted (YAML has already trimmed plain scalars).
 *
 * Matching addresses against ranges is the job of `src/guard/`; the parsed byte form returned here
 * is what it can build on.
 *
 * @module
 */

/** Address family: 4 or 6. */
export type IpFamily = 4 | 6;

/** A parsed address: its family and its network-order bytes (4 or 16 of them). */
export interface ParsedIp {
  family: IpFamily;
  bytes: Uint8Array;
}

/** A parsed CIDR range; a bare address parses as a full-length prefix (/32 or /128). */
export interface ParsedCidr extends ParsedIp {
  prefix: number;
}

const OCTET = /^(?:0|[1-9][0-9]{0,2})$/;
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;
const PREFIX = /^(?:0|[1-9][0-9]{0,2})$/;

function parseIpv4(text: string): Uint8Array | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    if (!OCTET.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    out[i] = n;
  }
  return out;
}

function parseIpv6(text: string): Uint8Array | null {
  if (text.length > 45) return null; // longest legal form: 6 full groups + dotted quad
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groupsOf = (s: string): string[] => (s === "" ? [] : s.split(":"));
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  const hasGap = halves.length === 2;

  // Dotted IPv4 may only close the address, i.e. be the very last group written.
  const all = [...head, ...tail];
  let v4: Uint8Array | null = null;
  const last = all[all.length - 1];
  if (last !== undefined && last.includes(".")) {
    v4 = parseIpv4(last);
    // In "1.2.3.4::" the dotted part sits before the gap, so it is not the tail of the address.
    if (!v4 || (hasGap && !tail.length)) return null;
    (tail.length ? tail : head).pop();
  }
  const hexGroups = [...head, ...tail];
  for (const g of hexGroups) if (!HEX_GROUP.test(g)) return null; // also catches "" from ":1" or "1:"

  const written = hexGroups.length + (v4 ? 2 : 0);
  if (hasGap ? written > 7 : written !== 8) return null;

  const words: number[] = [
    ...head.map((g) => parseInt(g, 16)),
    ...new Array<number>(hasGap ? 8 - written : 0).fill(0),
    ...tail.map((g) => parseInt(g, 16)),
  ];
  const out = new Uint8Array(16);
  for (let i = 0; i < words.length; i++) {
    out[i * 2] = words[i]! >> 8;
    out[i * 2 + 1] = words[i]! & 0xff;
  }
  if (v4) out.set(v4, 12);
  return out;
}

/** Parses an IPv4 or IPv6 address (no prefix, no zone); `null` when it is not one. */
export function parseIp(text: string): ParsedIp | null {
  if (typeof text !== "string") return null;
  if (text.includes(":")) {
    const bytes = parseIpv6(text);
    return bytes ? { family: 6, bytes } : null;
  }
  const bytes = parseIpv4(text);
  return bytes ? { family: 4, bytes } : null;
}

/**
 * Why `text` is not a valid IP address, or `undefined` when it is. The reason is phrased to follow
 * "expected an IP address, got ..." style messages.
 */
export function ipError(text: string): string | undefined {
  if (typeof text !== "string") return "not a string";
  if (text.includes("%")) return "IPv6 zone IDs such as %eth0 are not allowed";
  if (text.includes("/")) return "a CIDR range is not allowed here, only a single address";
  if (parseIp(text)) return undefined;
  if (/^[0-9.]+$/.test(text)) {
    return "not a valid IPv4 address: four decimal numbers 0-255 without leading zeros";
  }
  return "not a valid IPv4 or IPv6 address";
}

/** Parses an address or CIDR range (`10.0.0.0/8`, `2001:db8::/32`, `1.2.3.4`); `null` if invalid. */
export function parseCidr(text: string): ParsedCidr | null {
  return cidr(text).parsed ?? null;
}

/** Why `text` is not a valid address or CIDR range, or `undefined` when it is. */
export function ipOrCidrError(text: string): string | undefined {
  return cidr(text).error;
}

function cidr(text: string): { parsed?: ParsedCidr; error?: string } {
  if (typeof text !== "string") return { error: "not a string" };
  const slash = text.indexOf("/");
  if (slash < 0) {
    const err = ipError(text);
    if (err) return { error: err };
    const ip = parseIp(text)!;
    return { parsed: { ...ip, prefix: ip.family === 4 ? 32 : 128 } };
  }
  const addr = text.slice(0, slash);
  const len = text.slice(slash + 1);
  if (addr.includes("%")) return { error: "IPv6 zone IDs such as %eth0 are not allowed" };
  const ip = parseIp(addr);
  if (!ip) return { error: "not a valid IPv4 or IPv6 address before the /" };
  const max = ip.family === 4 ? 32 : 128;
  if (!PREFIX.test(len) || Number(len) > max) {
    return { error: `prefix length must be a whole number 0-${max} for IPv${ip.family}` };
  }
  const prefix = Number(len);
  const network = maskBytes(ip.bytes, prefix);
  if (!network.every((b, i) => b === ip.bytes[i])) {
    const suggestion = `${formatIp({ family: ip.family, bytes: network })}/${prefix}`;
    return { error: `host bits are set after the /${prefix} prefix; did you mean ${suggestion}?` };
  }
  return { parsed: { family: ip.family, bytes: ip.bytes, prefix } };
}

/** True when `text` is a valid IPv4 or IPv6 address under the strict rules above. */
export function isIp(text: string): boolean {
  return ipError(text) === undefined;
}

/** True when `text` is a valid address or CIDR range under the strict rules above. */
export function isIpOrCidr(text: string): boolean {
  return ipOrCidrError(text) === undefined;
}

/** Whether the address is the unspecified "all interfaces" address (`0.0.0.0` or `::`). */
export function isUnspecified(ip: ParsedIp): boolean {
  return ip.bytes.every((b) => b === 0);
}

/** Copy of `bytes` with every bit after the first `prefix` bits cleared. */
export function maskBytes(bytes: Uint8Array, prefix: number): Uint8Array {
  const out = new Uint8Array(bytes);
  for (let i = 0; i < out.length; i++) {
    const keep = Math.max(0, Math.min(8, prefix - i * 8));
    out[i] = out[i]! & ((0xff << (8 - keep)) & 0xff);
  }
  return out;
}

/**
 * Canonical text form: dotted quad for IPv4, RFC 5952 for IPv6 (lower case, longest run of two or
 * more zero groups compressed, first run on a tie, IPv4-mapped addresses with a dotted tail).
 */
export function formatIp(ip: ParsedIp): string {
  const b = ip.bytes;
  if (ip.family === 4) return Array.from(b).join(".");
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push((b[i]! << 8) | b[i + 1]!);
  const mapped = words.slice(0, 5).every((w) => w === 0) && words[5] === 0xffff;
  const count = mapped ? 6 : 8;
  let bestStart = -1;
  let bestLen = 1; // RFC 5952 §4.2.2: a single zero group is never compressed
  for (let i = 0; i < count; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < count && words[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (ws: number[]) => ws.map((w) => w.toString(16));
  const groups = words.slice(0, count);
  let text: string;
  if (bestStart < 0) text = hex(groups).join(":");
  else {
    text = `${hex(groups.slice(0, bestStart)).join(":")}::${hex(groups.slice(bestStart + bestLen)).join(":")}`;
  }
  if (mapped) text += `${text.endsWith(":") ? "" : ":"}${Array.from(b.slice(12)).join(".")}`;
  return text;
}
