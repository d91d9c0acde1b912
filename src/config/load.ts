/**
 * Reading and writing `wrenmail.yaml`.
 *
 * The file system is only touched inside {@link loadConfig}, through a dynamic import, so the rest
 * of this module (parse, validate, dump) can run where there is no file system, such as the
 * edge-hosted admin console.
 *
 * @module
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, stringify, type Node as YamlNode } from "yaml";
import { DEFAULT_DATA_DIR, DEFAULT_HOSTNAME, DEFAULT_PORT_OFFSET, defaultDatabase, defaultService } from "./defaults.ts";
import { ConfigError, type ConfigIssue, type KeyPath } from "./errors.ts";
import { type Config, type ConfigOverrides, type Locator, validateConfig, validateWith } from "./schema.ts";
import { SERVICE_NAMES, type ServiceSettings } from "./service.ts";
import { DEFAULT_SMTP_LIMITS, SMTP_KEYS } from "./smtp.ts";
import { DEFAULT_IMAP_LIMITS, IMAP_KEYS } from "./imap.ts";
import { DEFAULT_POP3_LIMITS, POP3_KEYS } from "./pop3.ts";

export { ConfigError, type ConfigIssue } from "./errors.ts";
export { parseServicePatch, validateConfig, type ConfigOverrides, type ServicePatchResult } from "./schema.ts";

/**
 * Parses and validates configuration YAML. An empty document means all defaults.
 *
 * @param text the YAML source.
 * @param source where it came from (a file path), named in error messages.
 * @param overrides values that replace the file's `dataDir` / `portOffset`.
 * @throws {ConfigError} for YAML syntax errors (with line and column) and for every invalid value
 *   (with key path, reason, offending value and its line and column).
 */
export function parseConfig(text: string, source?: string, overrides?: ConfigOverrides): Config {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: true, lineCounter, uniqueKeys: true });
  if (doc.errors.length) {
    const issues: ConfigIssue[] = doc.errors.map((e) => {
      const pos = e.linePos?.[0] ?? lineCounter.linePos(e.pos[0]);
      // prettyErrors appends " at line L, column C:" and a source excerpt; the position is
      // reported in our own format instead.
      const reason =
        e.code === "MULTIPLE_DOCS"
          ? "the file holds more than one YAML document (a --- line); wrenmail reads exactly one"
          : e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
      return { path: "", message: `YAML syntax error: ${reason}`, line: pos.line, column: pos.col };
    });
    throw new ConfigError(issues, source);
  }
  const obj: unknown = doc.toJS({ maxAliasCount: 100 });
  const locate: Locator = (path, atKey) => {
    const range = findRange(doc.contents, path, atKey);
    if (range === undefined) return undefined;
    const { line, col } = lineCounter.linePos(range);
    return { line, column: col };
  };
  return validateWith(obj, overrides, locate, source);
}

/** Start offset of the node at `path` (of its key when `atKey`), or of its nearest ancestor. */
function findRange(root: unknown, path: KeyPath, atKey: boolean): number | undefined {
  let node = root as YamlNode | null | undefined;
  let best = node?.range?.[0];
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(key));
      if (!pair) break;
      const keyStart = (pair.key as YamlNode | null)?.range?.[0];
      if (atKey && i === path.length - 1) return keyStart ?? best;
      next = pair.value;
      best = (next as YamlNode | null)?.range?.[0] ?? keyStart ?? best;
    } else if (isSeq(node) && typeof key === "number") {
      next = node.items[key];
      best = (next as YamlNode | null)?.range?.[0] ?? best;
    } else break;
    node = next as YamlNode | null;
  }
  return best;
}

/**
 * Loads the configuration from a YAML file. Without a path, the configuration is all defaults
 * (plus `overrides`).
 *
 * @param path the file to read; when given it must exist.
 * @param overrides values that replace the file's `dataDir` / `portOffset` (e.g. from CLI flags).
 * @throws {ConfigError} when the file is missing or unreadable (naming the path) or invalid.
 */
export async function loadConfig(path?: string, overrides?: ConfigOverrides): Promise<Config> {
  if (path === undefined) return validateConfig({}, overrides);
  const { readFile } = await import("node:fs/promises");
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    const code = (err as { code?: string }).code;
    const message =
      code === "ENOENT"
        ? `configuration file not found: ${path}`
        : `cannot read configuration file ${path}: ${(err as Error).message ?? String(err)}`;
    throw new ConfigError([{ path: "", message }]);
  }
  return parseConfig(text, path, overrides);
}

/** Options for {@link dumpConfig}. */
export interface DumpOptions {
  /**
   * Write only values that differ from what an absent key would give (defaults, with the
   * `portOffset` rule). Shorter, but tracks future changes of defaults; the default (`false`)
   * writes every value explicitly so the file means the same under any later version.
   */
  onlyChanges?: boolean;
}

/**
 * Renders a configuration as YAML that {@link parseConfig} reads back to an equal `Config`.
 * Every port is written explicitly, so `portOffset` is kept for information only unless
 * `onlyChanges` is set.
 */
export function dumpConfig(config: Config, options: DumpOptions = {}): string {
  const out: Record<string, unknown> = {};
  const only = options.onlyChanges === true;
  const put = (key: string, value: unknown, dflt: unknown) => {
    if (!only || !same(value, dflt)) out[key] = value;
  };
  put("hostname", config.hostname, DEFAULT_HOSTNAME);
  put("dataDir", config.dataDir, DEFAULT_DATA_DIR);
  put("database", config.database, defaultDatabase(config.dataDir));
  put("portOffset", config.portOffset, DEFAULT_PORT_OFFSET);
  const services: Record<string, unknown> = {};
  for (const name of SERVICE_NAMES) {
    const s = config.services[name];
    if (!only) {
      services[name] = orderedService(s);
      continue;
    }
    const base = defaultService(name);
    base.port += config.portOffset;
    const diff: Record<string, unknown> = {};
    for (const k of ["bind", "port", "maxClients", "timeout", "autostart", "tls", "certificate"] as const) {
      if (!same(s[k], base[k])) diff[k] = s[k];
    }
    for (const group of ["access", "limits"] as const) {
      const sub: Record<string, unknown> = {};
      for (const [k, val] of Object.entries(s[group])) {
        if (!same(val, (base[group] as Record<string, unknown>)[k])) sub[k] = val;
      }
      if (Object.keys(sub).length) diff[group] = sub;
    }
    if (Object.keys(diff).length) services[name] = diff;
  }
  if (Object.keys(services).length) out.services = services;
  if (!only || Object.keys(config.certificates).length) out.certificates = config.certificates;
  const smtp = config.smtp;
  const smtpOut = Object.fromEntries(SMTP_KEYS.filter((k) => !only || !same(smtp[k], DEFAULT_SMTP_LIMITS[k])).map((k) => [k, smtp[k]]));
  if (Object.keys(smtpOut).length) out.smtp = smtpOut;
  for (const [key, keys, defaults] of [["pop3", POP3_KEYS, DEFAULT_POP3_LIMITS], ["imap", IMAP_KEYS, DEFAULT_IMAP_LIMITS]] as const) {
    const values = config[key] as unknown as Record<string, unknown>;
    const d = defaults as unknown as Record<string, unknown>;
    const part = Object.fromEntries(keys.filter((k) => !only || !same(values[k], d[k])).map((k) => [k, values[k]]));
    if (Object.keys(part).length) out[key] = part;
  }
  const body = Object.keys(out).length ? stringify(out, { lineWidth: 0 }) : "{}\n";
  return `# wrenmail configuration (see docs/configuration.md)\n${body}`;
}

function orderedService(s: ServiceSettings): ServiceSettings {
  return {
    bind: s.bind,
    port: s.port,
    maxClients: s.maxClients,
    timeout: s.timeout,
    autostart: s.autostart,
    tls: s.tls,
    certificate: s.certificate,
    access: { mode: s.access.mode, ips: [...s.access.ips] },
    limits: {
      maxConcurrent: s.limits.maxConcurrent,
      perIpPerMinute: s.limits.perIpPerMinute,
      unlimited: [...s.limits.unlimited],
    },
  };
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
