/**
 * The whole configuration file: its schema, the resolved {@link Config} and the rules that turn
 * one into the other (defaults, `portOffset`, per-service merging, port conflicts).
 *
 * No I/O here, so the admin REST API (which must stay web-standard) can validate with it.
 *
 * @module
 */
import * as v from "valibot";
import {
  DEFAULT_DATA_DIR,
  DEFAULT_HOSTNAME,
  DEFAULT_PORT_OFFSET,
  defaultDatabase,
  defaultService,
} from "./defaults.ts";
import { ConfigError, type ConfigIssue, fromValibot, type KeyPath, unknownKeyMessage } from "./errors.ts";
import { parseIp, isUnspecified } from "./ip.ts";
import {
  applyServicePatch,
  CertificateNameSchema,
  intSchema,
  SERVICE_KEYS,
  SERVICE_NAMES,
  type ServiceName,
  type ServicePatch,
  ServicePatchSchema,
  type ServiceSettings,
  strictMapping,
} from "./service.ts";
import { resolveSmtp, SMTP_KEYS, SmtpFileSchema, type SmtpLimits } from "./smtp.ts";
import { IMAP_KEYS, ImapFileSchema, type ImapLimits, resolveImap } from "./imap.ts";
import { POP3_KEYS, Pop3FileSchema, type Pop3Limits, resolvePop3 } from "./pop3.ts";

/**
 * Why `name` is not a usable DNS hostname (RFC 1123 §2.1 host names), or `undefined`. Only ASCII:
 * internationalised names must be written in their `xn--` form. A final dot is not accepted, and
 * the last label may not be all digits so an IP address is never mistaken for a name.
 */
export function hostnameError(name: string): string | undefined {
  if (name.length === 0) return "empty";
  if (name.length > 253) return "longer than 253 characters";
  const labels = name.split(".");
  for (const label of labels) {
    if (label.length === 0) return "empty label (two dots in a row, or a leading or trailing dot)";
    if (label.length > 63) return `label "${label.slice(0, 20)}..." is longer than 63 characters`;
    if (!/^[A-Za-z0-9-]+$/.test(label)) return `label "${label}" may only hold letters, digits and '-'`;
    if (label.startsWith("-") || label.endsWith("-")) return `label "${label}" starts or ends with '-'`;
  }
  if (/^[0-9]+$/.test(labels[labels.length - 1]!)) return "the last label is all digits (an IP address is not a hostname)";
  return undefined;
}

/** A DNS hostname such as `mail.example.org`. */
export const HostnameSchema = v.pipe(
  v.string("expected a DNS hostname as a string"),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const why = hostnameError(dataset.value);
    if (why) addIssue({ message: `expected a DNS hostname (${why})` });
  }),
);

/** The libSQL URL schemes `database` accepts. */
export const DATABASE_SCHEMES = ["file:", "libsql:", "http:", "https:", "ws:", "wss:"] as const;

/** Why `url` is not a libSQL database URL, or `undefined`. */
export function databaseUrlError(url: string): string | undefined {
  if (url === ":memory:") return undefined; // @libsql/client's in-memory database
  if (url.startsWith("file:")) return url.length > 5 ? undefined : "file: needs a path, e.g. file:./data/wrenmail.db";
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `not a URL; use one of ${DATABASE_SCHEMES.join(" ")}`;
  }
  if (!(DATABASE_SCHEMES as readonly string[]).includes(parsed.protocol)) {
    return `unsupported scheme ${parsed.protocol}; use one of ${DATABASE_SCHEMES.join(" ")}`;
  }
  if (!parsed.hostname) return "the URL has no host";
  return undefined;
}

/** A libSQL database URL. */
export const DatabaseUrlSchema = v.pipe(
  v.string("expected a database URL as a string"),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const why = databaseUrlError(dataset.value);
    if (why) addIssue({ message: `expected a libSQL URL (${why})` });
  }),
);

/** A data directory path. */
export const DataDirSchema = v.pipe(
  v.string("expected a directory path as a string"),
  v.minLength(1, "expected a non-empty directory path"),
);

/** `portOffset`: a whole number added to every default port (see {@link resolveConfig}). */
export const PortOffsetSchema = intSchema(0, 65534, "expected an integer 0-65534");

const servicesEntries = Object.fromEntries(SERVICE_NAMES.map((n) => [n, v.nullish(ServicePatchSchema)])) as {
  [K in ServiceName]: v.NullishSchema<typeof ServicePatchSchema, undefined>;
};

/** `services`: per-service partial settings; only the fourteen known names are allowed. */
export const ServicesFileSchema = strictMapping(servicesEntries, "expected a mapping of service names to settings");

/** One named certificate from PEM files (paths relative to the working directory). */
export const CertificateFilesSchema = strictMapping(
  {
    cert: v.pipe(v.string("expected the path of a PEM certificate file"), v.minLength(1, "expected the path of a PEM certificate file")),
    key: v.pipe(v.string("expected the path of a PEM private key file"), v.minLength(1, "expected the path of a PEM private key file")),
  },
  "expected a mapping with cert and key (paths of PEM files)",
);

/** `certificates`: names (as services refer to them) to PEM files, loaded into the store at start. */
export const CertificatesFileSchema = v.record(CertificateNameSchema, CertificateFilesSchema, "expected a mapping of certificate names to { cert, key }");

/** The configuration file as written: every key optional; unknown keys are errors. */
export const ConfigFileSchema = strictMapping(
  {
    hostname: v.optional(HostnameSchema),
    dataDir: v.optional(DataDirSchema),
    database: v.optional(DatabaseUrlSchema),
    portOffset: v.optional(PortOffsetSchema),
    // `services:` with every entry commented out parses as null; treat it as absent.
    services: v.nullish(ServicesFileSchema),
    certificates: v.nullish(CertificatesFileSchema),
    smtp: v.nullish(SmtpFileSchema),
    pop3: v.nullish(Pop3FileSchema),
    imap: v.nullish(ImapFileSchema),
  },
  "expected a mapping (hostname, dataDir, database, portOffset, services, certificates, smtp, pop3, imap)",
);

/** The configuration file as written (validated, before defaults are applied). */
export type ConfigFile = v.InferOutput<typeof ConfigFileSchema>;

/** The effective configuration: every value resolved, all fourteen services present. */
export interface Config {
  /** This server's DNS name (SMTP greeting, HELO, TLS certificate name). */
  hostname: string;
  /** Directory for the database file, certificates and message blobs. */
  dataDir: string;
  /** libSQL URL of the database. */
  database: string;
  /** The offset that was added to every port not set explicitly. */
  portOffset: number;
  /** Settings of each of the fourteen services. */
  services: Record<ServiceName, ServiceSettings>;
  /** Certificates from PEM files, by name; loaded into the certificate store at every start. */
  certificates: Record<string, { cert: string; key: string }>;
  /** SMTP limits and switches (`smtp:`), every key resolved. */
  smtp: SmtpLimits;
  /** POP3 switches and limits (`pop3:`), every key resolved. */
  pop3: Pop3Limits;
  /** IMAP switches and limits (`imap:`), every key resolved. */
  imap: ImapLimits;
}

/** Values that take precedence over the file (e.g. from command-line flags). */
export interface ConfigOverrides {
  /** Replaces `dataDir` (and so the default `database`). */
  dataDir?: string;
  /** Replaces `portOffset`. */
  portOffset?: number;
}

/** Maps a key path to its place in the source text, when there is one. */
export type Locator = (path: KeyPath, atKey: boolean) => { line: number; column: number } | undefined;

const TOP_KEYS = ["hostname", "dataDir", "database", "portOffset", "services", "certificates", "smtp", "pop3", "imap"];

function unknownKey(key: string, parent: KeyPath): string {
  if (parent.length === 0) return unknownKeyMessage(key, TOP_KEYS);
  if (parent.length === 1 && parent[0] === "services") return unknownKeyMessage(key, SERVICE_NAMES, "service");
  if (parent.length === 2 && parent[0] === "services") return unknownKeyMessage(key, SERVICE_KEYS);
  const last = parent[parent.length - 1];
  if (last === "access") return unknownKeyMessage(key, ["mode", "ips"]);
  if (last === "limits") return unknownKeyMessage(key, ["maxConcurrent", "perIpPerMinute", "unlimited"]);
  if (parent.length === 2 && parent[0] === "certificates") return unknownKeyMessage(key, ["cert", "key"]);
  if (parent.length === 1 && parent[0] === "smtp") return unknownKeyMessage(key, SMTP_KEYS);
  if (parent.length === 1 && parent[0] === "pop3") return unknownKeyMessage(key, POP3_KEYS);
  if (parent.length === 1 && parent[0] === "imap") return unknownKeyMessage(key, IMAP_KEYS);
  return unknownKeyMessage(key, []);
}

function collect(
  schema: v.GenericSchema,
  value: unknown,
  prefix: KeyPath,
  issues: ConfigIssue[],
  locate?: Locator,
  unknown: (key: string, parent: KeyPath) => string = unknownKey,
): unknown {
  const r = v.safeParse(schema, value, { abortPipeEarly: true });
  if (r.success) return r.output;
  for (const { issue, keyPath, atKey } of fromValibot(r.issues, prefix, unknown)) {
    const pos = locate?.(keyPath, atKey);
    issues.push(pos ? { ...issue, ...pos } : issue);
  }
  return undefined;
}

/**
 * Resolves a validated file (plus overrides) to the effective {@link Config}:
 *
 * - `dataDir`, `hostname`, `portOffset` default as documented; `database` defaults to
 *   `file:<dataDir>/wrenmail.db` using the effective `dataDir`.
 * - Each service starts from its defaults; a service's `port` from the file is used as written,
 *   otherwise the port is *default port + portOffset*. The offset never touches a port the file
 *   sets explicitly.
 * - Other settings from the file replace the defaults; `access` and `limits` merge field by field.
 *
 * Returns the problems that only show up after resolving: an offset that pushes a port past
 * 65535, and two services claiming the same port on overlapping addresses.
 */
export function resolveConfig(file: ConfigFile, overrides: ConfigOverrides = {}): { config: Config; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const dataDir = overrides.dataDir ?? file.dataDir ?? DEFAULT_DATA_DIR;
  const portOffset = overrides.portOffset ?? file.portOffset ?? DEFAULT_PORT_OFFSET;
  const services = {} as Record<ServiceName, ServiceSettings>;
  for (const name of SERVICE_NAMES) {
    const patch: ServicePatch = file.services?.[name] ?? {};
    const base = defaultService(name);
    if (patch.port === undefined) base.port += portOffset;
    services[name] = applyServicePatch(base, patch);
  }
  const pushed = SERVICE_NAMES.filter((n) => services[n].port > 65535);
  if (pushed.length) {
    issues.push({
      path: "portOffset",
      message:
        `expected an offset that keeps every default port within 1-65535, got ${portOffset} ` +
        `(${pushed.map((n) => `services.${n}.port would be ${services[n].port}`).join(", ")})`,
    });
  }
  const explicit = new Set(SERVICE_NAMES.filter((n) => file.services?.[n]?.port !== undefined));
  issues.push(...portConflicts(services, explicit));
  const config: Config = {
    hostname: file.hostname ?? DEFAULT_HOSTNAME,
    dataDir,
    database: file.database ?? defaultDatabase(dataDir),
    portOffset,
    services,
    certificates: file.certificates ?? {},
    smtp: resolveSmtp(file.smtp),
    pop3: resolvePop3(file.pop3),
    imap: resolveImap(file.imap),
  };
  return { config, issues };
}

/**
 * Services that would fail to start because another service holds the same port on an
 * overlapping address: the same address, `0.0.0.0` against any IPv4 address, or `::` against
 * anything (a `::` listener is dual-stack on most hosts). Of each clashing pair, the service whose
 * port is in `explicit` (set by the operator) is blamed, else the later one in table order; one
 * issue per blamed service, at `services.<name>.port`.
 */
export function portConflicts(
  services: Record<ServiceName, ServiceSettings>,
  explicit: ReadonlySet<ServiceName> = new Set(),
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const blamed = new Set<ServiceName>();
  for (let i = 0; i < SERVICE_NAMES.length; i++) {
    for (let j = i + 1; j < SERVICE_NAMES.length; j++) {
      const [early, late] = [SERVICE_NAMES[i]!, SERVICE_NAMES[j]!];
      const [se, sl] = [services[early], services[late]];
      if (se.port !== sl.port || !bindsOverlap(se.bind, sl.bind)) continue;
      const [culprit, holder] = explicit.has(early) && !explicit.has(late) ? [early, late] : [late, early];
      if (blamed.has(culprit)) continue;
      blamed.add(culprit);
      const sc = services[culprit];
      const sh = services[holder];
      issues.push({
        path: `services.${culprit}.port`,
        message: `port ${sc.port} on ${sc.bind} is already used by services.${holder} (port ${sh.port} on ${sh.bind})`,
      });
    }
  }
  return issues;
}

function bindsOverlap(x: string, y: string): boolean {
  const a = parseIp(x);
  const b = parseIp(y);
  if (!a || !b) return x === y;
  if ((a.family === 6 && isUnspecified(a)) || (b.family === 6 && isUnspecified(b))) return true;
  if (a.family !== b.family) return false;
  if (isUnspecified(a) || isUnspecified(b)) return true;
  return a.bytes.every((byte, k) => byte === b.bytes[k]);
}

/**
 * Validates a configuration object (as parsed from YAML or JSON) and resolves it to the
 * effective {@link Config}. `null`/`undefined` mean an empty file: all defaults.
 *
 * @throws {ConfigError} listing every problem, each with its key path and the offending value.
 */
export function validateConfig(obj: unknown, overrides?: ConfigOverrides): Config {
  return validateWith(obj, overrides);
}

/** @internal {@link validateConfig} with source positions for messages. */
export function validateWith(obj: unknown, overrides: ConfigOverrides = {}, locate?: Locator, source?: string): Config {
  const issues: ConfigIssue[] = [];
  const file = collect(ConfigFileSchema, obj ?? {}, [], issues, locate) as ConfigFile | undefined;
  const checked: ConfigOverrides = {};
  if (overrides.dataDir !== undefined) {
    const d = collect(DataDirSchema, overrides.dataDir, ["overrides", "dataDir"], issues);
    if (d !== undefined) checked.dataDir = d as string;
  }
  if (overrides.portOffset !== undefined) {
    const p = collect(PortOffsetSchema, overrides.portOffset, ["overrides", "portOffset"], issues);
    if (p !== undefined) checked.portOffset = p as number;
  }
  // Report in file order where positions are known; the schema's key order means nothing to a reader.
  issues.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity) || (a.column ?? 0) - (b.column ?? 0));
  if (issues.length || !file) throw new ConfigError(issues, source);
  const resolved = resolveConfig(file, checked);
  if (resolved.issues.length) {
    const located = resolved.issues.map((i) => {
      const pos = locate?.(i.path.split("."), false);
      return pos ? { ...i, ...pos } : i;
    });
    throw new ConfigError(located, source);
  }
  return resolved.config;
}

/** Result of {@link parseServicePatch}. */
export type ServicePatchResult = { ok: true; patch: ServicePatch } | { ok: false; issues: ConfigIssue[] };

/**
 * Validates a partial service settings object (e.g. a REST API request body) with the same
 * schema as the config file's `services.<name>` entries. Issue paths are relative to the
 * object: `port`, `access.ips[1]`. Apply the result with `applyServicePatch`, then check
 * `portConflicts` against the other services.
 */
export function parseServicePatch(obj: unknown): ServicePatchResult {
  const issues: ConfigIssue[] = [];
  // Paths are relative, so hint unknown keys as if they sat under "services.<name>".
  const patch = collect(ServicePatchSchema, obj, [], issues, undefined, (key, parent) =>
    unknownKey(key, ["services", "?", ...parent]),
  );
  return issues.length ? { ok: false, issues } : { ok: true, patch: patch as ServicePatch };
}
