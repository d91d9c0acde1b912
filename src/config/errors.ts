/**
 * Turning valibot issues into `path: reason, got value` lines that an operator can act on without
 * reading our source.
 *
 * @module
 */
import type * as v from "valibot";

/** One problem in a configuration, located by its dotted key path. */
export interface ConfigIssue {
  /**
   * Dotted key path with array indices, e.g. `services.http.access.ips[1]`; `""` for problems that
   * belong to no key (a YAML syntax error, a document that is not a mapping).
   */
  path: string;
  /** What is wrong, including the offending value where there is one. */
  message: string;
  /** 1-based line in the source text, when the problem came from parsed YAML. */
  line?: number;
  /** 1-based column in the source text, when the problem came from parsed YAML. */
  column?: number;
}

/**
 * A configuration that cannot be used. `message` has one line per issue, each
 * `<path>: <reason>` (plus `(file, line L, column C)` where known), e.g.
 * `services.imap.port: expected an integer 1-65535, got "abc"`.
 */
export class ConfigError extends Error {
  /** Every problem found (validation does not stop at the first one). */
  readonly issues: ConfigIssue[];
  /** Where the configuration came from (usually a file path), if known. */
  readonly source?: string;

  constructor(issues: ConfigIssue[], source?: string) {
    super(issues.map((i) => formatIssue(i, source)).join("\n"));
    this.name = "ConfigError";
    this.issues = issues;
    if (source !== undefined) this.source = source;
  }
}

/** Renders one issue as the line used in {@link ConfigError}'s message. */
export function formatIssue(issue: ConfigIssue, source?: string): string {
  let text = issue.path ? `${issue.path}: ${issue.message}` : issue.message;
  if (issue.line !== undefined) {
    const where = `line ${issue.line}, column ${issue.column ?? 1}`;
    text += source ? ` (${source}, ${where})` : ` (${where})`;
  } else if (source) {
    text += ` (${source})`;
  }
  return text;
}

/** A key path as a list of object keys and array indices. */
export type KeyPath = (string | number)[];

/** Renders a key path as `a.b[2].c`; keys that are not identifiers are quoted: `a["x y"]`. */
export function formatPath(path: KeyPath): string {
  let out = "";
  for (const k of path) {
    if (typeof k === "number") out += `[${k}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(k)) out += out ? `.${k}` : k;
    else out += `[${JSON.stringify(k)}]`;
  }
  return out;
}

/** Short, unambiguous rendering of an offending value for a message. */
export function showValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  if (typeof value === "bigint") return `${value}`;
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Edit distance, for "did you mean" hints on misspelt keys. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** "unknown key" message with the closest known key suggested when it is a likely typo. */
export function unknownKeyMessage(key: string, known: readonly string[], what = "key"): string {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = distance(key, k);
    if (d < bestD) [best, bestD] = [k, d];
  }
  if (best !== undefined && bestD <= Math.max(1, Math.floor(best.length / 3))) {
    return `unknown ${what}; did you mean "${best}"?`;
  }
  return known.length ? `unknown ${what} (known: ${known.join(", ")})` : `unknown ${what}`;
}

/**
 * Converts valibot issues to {@link ConfigIssue}s with paths relative to `prefix`. Only the first
 * issue per path is kept: a single bad value is one problem however many checks it fails.
 *
 * `unknownKey(key, parentPath)` phrases the message for a key the schema does not allow.
 */
export function fromValibot(
  issues: readonly v.BaseIssue<unknown>[],
  prefix: KeyPath = [],
  unknownKey: (key: string, parentPath: KeyPath) => string = (key) => unknownKeyMessage(key, []),
): { issue: ConfigIssue; keyPath: KeyPath; atKey: boolean }[] {
  const out: { issue: ConfigIssue; keyPath: KeyPath; atKey: boolean }[] = [];
  const seen = new Set<string>();
  for (const i of issues) {
    const keyPath: KeyPath = [...prefix, ...(i.path ?? []).map((p) => p.key as string | number)];
    const path = formatPath(keyPath);
    if (seen.has(path)) continue;
    seen.add(path);
    const isUnknownKey = i.type === "strict_object" && i.expected === "never";
    const message = isUnknownKey
      ? unknownKey(String(i.input), keyPath.slice(0, -1))
      : `${i.message}, got ${showValue(i.input)}`;
    out.push({ issue: { path, message }, keyPath, atKey: isUnknownKey });
  }
  return out;
}
