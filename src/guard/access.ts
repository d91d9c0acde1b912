/**
 * The access-list decision: the first step of the connection gate.
 *
 * @module
 */
import type { AccessMode } from "../config/service.ts";
import { type IpSet, normalisePeer, type Peer } from "./ip-set.ts";

/**
 * Whether the access list lets `peer` connect.
 *
 * - `uncontrolled`: everyone (the list is kept but ignored).
 * - `deny`: everyone except listed addresses.
 * - `allow`: only listed addresses.
 *
 * A peer that is not an IP address (`null`, or a string {@link normalisePeer} rejects) is refused
 * in both `deny` and `allow` mode: we cannot show it is not listed, and an access list is a
 * security boundary, so it fails closed. `uncontrolled` still lets it in.
 */
export function accessAllows(mode: AccessMode, set: IpSet, peer: string | Peer | null): boolean {
  if (mode === "uncontrolled") return true;
  const ip = typeof peer === "string" ? normalisePeer(peer) : peer;
  if (!ip) return false;
  if (mode === "deny") return !set.has(ip);
  if (mode === "allow") return set.has(ip);
  // Unreachable for validated settings; an unknown mode must not read as "no control".
  return false;
}
