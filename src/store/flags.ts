import { StoreError } from "./errors.ts";

// A flag is `\Atom` or a keyword atom (RFC 3501 flag-keyword); no spaces, parentheses or wildcards.
const FLAG = /^\\?[^\s()\]{%*"\\\u0000-\u001f\u007f]{1,128}$/;

/** Keywords one message may carry; more is a client bug or abuse, and every flag lives in each row. */
export const MAX_FLAGS = 64;

// The RFC 3501 system flags in their one spelling (flags are case-insensitive, RFC 3501 section 9).
const SYSTEM = new Map(["\\Answered", "\\Flagged", "\\Deleted", "\\Seen", "\\Draft", "\\Recent"].map((f) => [f.toLowerCase(), f]));

/** The flags that mark a message seen / deleted, as stored. */
export const SEEN = "\\Seen";
export const DELETED = "\\Deleted";

function key(flag: string): string {
  return flag.toLowerCase();
}

function system(flag: string): boolean {
  return flag.startsWith("\\");
}

/**
 * The stored form of a flag list: each flag validated ("invalid" otherwise), system flags in their
 * canonical spelling, duplicates dropped ignoring case (the first spelling of a keyword wins), and
 * a stable order — system flags first, then keywords, each alphabetical — so equal sets are equal
 * JSON text and status() can find `"\\Seen"` in it.
 */
export function normalizeFlags(flags: readonly string[]): string[] {
  if (!Array.isArray(flags)) throw new StoreError("invalid", "flags must be an array of strings");
  const byKey = new Map<string, string>();
  for (const f of flags) {
    if (typeof f !== "string" || !FLAG.test(f)) throw new StoreError("invalid", `invalid flag: ${JSON.stringify(f)}`);
    const k = key(f);
    if (!byKey.has(k)) byKey.set(k, SYSTEM.get(k) ?? f);
  }
  if (byKey.size > MAX_FLAGS) throw new StoreError("invalid", `too many flags: ${byKey.size} (at most ${MAX_FLAGS})`);
  return [...byKey.values()].sort(compare);
}

function compare(a: string, b: string): number {
  if (system(a) !== system(b)) return system(a) ? -1 : 1;
  const ka = key(a), kb = key(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/**
 * `current` after adding, removing or replacing `flags` (both already normalized), or null when the
 * set does not change. Spelling and order of the result are the stored form.
 */
export function applyFlags(current: readonly string[], op: "add" | "remove" | "replace", flags: readonly string[]): string[] | null {
  const have = new Map(current.map((f) => [key(f), f]));
  let next: string[];
  if (op === "replace") next = [...flags];
  else if (op === "add") next = [...current, ...flags.filter((f) => !have.has(key(f)))];
  else {
    const drop = new Set(flags.map(key));
    next = current.filter((f) => !drop.has(key(f)));
  }
  const nextKeys = new Set(next.map(key));
  if (nextKeys.size === have.size && [...nextKeys].every((k) => have.has(k))) return null;
  return normalizeFlags(next);
}

/** Checks the operation name of setFlags. */
export function checkFlagOp(op: unknown): "add" | "remove" | "replace" {
  if (op === "add" || op === "remove" || op === "replace") return op;
  throw new StoreError("invalid", `invalid flag operation: ${JSON.stringify(op)} (add, remove or replace)`);
}
