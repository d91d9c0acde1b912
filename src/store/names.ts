import { StoreError } from "./errors.ts";

// A DNS name in ASCII (after IDNA): labels of letters, digits and hyphens, not starting or ending with a hyphen.
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * Normalises a domain name: lower-case, IDNA (punycode) for non-ASCII, no trailing dot.
 * Throws StoreError("invalid") for anything that is not a plausible mail domain.
 */
export function normalizeDomain(input: string): string {
  const raw = input.trim().replace(/\.$/, "");
  let ascii: string;
  try {
    // The WHATWG URL parser is the IDNA (UTS #46) implementation all three runtimes share.
    ascii = new URL(`http://${raw}/`).hostname;
  } catch {
    throw new StoreError("invalid", `invalid domain name: ${JSON.stringify(input)}`);
  }
  const labels = ascii.split(".");
  if (raw === "" || /[/@:?#\s]/.test(raw) || ascii.length > 253 || labels.length < 2 || !labels.every((l) => LABEL.test(l)) || /^\d+$/.test(labels[labels.length - 1])) {
    throw new StoreError("invalid", `invalid domain name: ${JSON.stringify(input)}`);
  }
  return ascii;
}

/** An address split into its parts; `local` keeps its case, `domain` is normalised. */
export interface Address {
  local: string;
  domain: string;
  /** `local@domain` with the normalised domain. */
  address: string;
}

// RFC 5321 dot-atom local part, plus UTF-8 (RFC 6531); quoted local parts are refused as they are in practice.
const LOCAL = /^(?!\.)(?!.*\.\.)[A-Za-z0-9!#$%&'*+/=?^_`{|}~.\u0080-\u{10FFFF}-]{1,64}(?<!\.)$/u;

/** Parses `local@domain`; throws StoreError("invalid") naming the input when it is not a mailbox address. */
export function parseAddress(input: string): Address {
  const text = input.trim();
  const at = text.lastIndexOf("@");
  if (at <= 0) throw new StoreError("invalid", `invalid address: ${JSON.stringify(input)}`);
  const local = text.slice(0, at);
  if (!LOCAL.test(local)) throw new StoreError("invalid", `invalid address: ${JSON.stringify(input)}`);
  let domain: string;
  try {
    domain = normalizeDomain(text.slice(at + 1));
  } catch {
    throw new StoreError("invalid", `invalid address: ${JSON.stringify(input)}`);
  }
  return { local, domain, address: `${local}@${domain}` };
}

/** Parses an alias source: a full address, or `@domain` for a catch-all. */
export function parseAliasSource(input: string): { local: string | null; domain: string; source: string } {
  const text = input.trim();
  if (text.startsWith("@")) {
    let domain: string;
    try {
      domain = normalizeDomain(text.slice(1));
    } catch {
      throw new StoreError("invalid", `invalid alias source: ${JSON.stringify(input)}`);
    }
    return { local: null, domain, source: `@${domain}` };
  }
  const a = parseAddress(text);
  return { local: a.local, domain: a.domain, source: a.address };
}
