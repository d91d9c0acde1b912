/**
 * The IANA top-level domains, from the `tlds` package, in the lower-case A-label form addresses
 * are normalised to (the list spells internationalised TLDs in Unicode, e.g. `рф`).
 *
 * @module
 */
import { domainToASCII } from "node:url";
import list from "tlds/index.json" with { type: "json" };

let known: Set<string> | undefined;

/** True when `tld` (lower-case ASCII, A-label for IDN TLDs) is a delegated top-level domain. */
export function isKnownTld(tld: string): boolean {
  known ??= new Set((list as string[]).map((t) => (/^[a-z0-9-]+$/.test(t) ? t : domainToASCII(t))).filter((t) => t !== ""));
  return known.has(tld);
}
