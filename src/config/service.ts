/**
 * The settings of one listening service — the single schema behind the config file's
 * `services.<name>` entries, the admin REST API and the admin forms.
 *
 * Each field schema carries its own human-readable expectation ("expected an integer 1-65535") so
 * that `src/config/errors.ts` can render `path: expectation, got <value>` uniformly.
 *
 * @module
 */
import * as v from "valibot";
import { ipError, ipOrCidrError } from "./ip.ts";

/** The protocol a service speaks. */
export type Protocol = "smtp" | "pop3" | "imap" | "http" | "ftp" | "ldap";

/** The fourteen services, in the order of DESIGN.md's table (also the order of listings). */
export const SERVICE_NAMES = [
  "admin",
  "smtp",
  "submission",
  "smtps",
  "pop3",
  "pop3s",
  "imap",
  "imaps",
  "http",
  "https",
  "ftp",
  "ftps",
  "ldap",
  "ldaps",
] as const;

/** Name of one of the fourteen services. */
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Which protocol each service speaks; fixed, not configurable. */
export const SERVICE_PROTOCOLS: Readonly<Record<ServiceName, Protocol>> = {
  admin: "http",
  smtp: "smtp",
  submission: "smtp",
  smtps: "smtp",
  pop3: "pop3",
  pop3s: "pop3",
  imap: "imap",
  imaps: "imap",
  http: "http",
  https: "http",
  ftp: "ftp",
  ftps: "ftp",
  ldap: "ldap",
  ldaps: "ldap",
};

/** True when `name` is one of the fourteen service names. */
export function isServiceName(name: unknown): name is ServiceName {
  return typeof name === "string" && (SERVICE_NAMES as readonly string[]).includes(name);
}

/** TLS modes: none, STARTTLS-style upgrade on the plain port, or TLS from the first byte. */
export const TLS_MODES = ["none", "starttls", "implicit"] as const;
/** How a service uses TLS. */
export type TlsMode = (typeof TLS_MODES)[number];

/** Access list modes; exactly one applies at a time. */
export const ACCESS_MODES = ["uncontrolled", "deny", "allow"] as const;
/**
 * `uncontrolled`: everyone may connect (the list is kept but ignored); `deny`: listed addresses
 * are refused; `allow`: only listed addresses may connect.
 */
export type AccessMode = (typeof ACCESS_MODES)[number];

const oneOf = (values: readonly string[]) => `expected one of ${values.map((x) => JSON.stringify(x)).join(", ")}`;

/** An integer in [min, max]; one message for every way of missing it (type, fraction, range). */
export function intSchema(min: number, max: number, expectation: string) {
  return v.pipe(
    v.number(expectation),
    v.integer(expectation),
    v.minValue(min, expectation),
    v.maxValue(max, expectation),
  );
}

/** A single IP address (no range), e.g. a bind address. */
export const IpAddressSchema = v.pipe(
  v.string("expected an IP address as a string"),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const why = ipError(dataset.value);
    if (why) addIssue({ message: `expected an IP address (${why})` });
  }),
);

/** An IP address or CIDR range, e.g. an access list entry. */
export const IpOrCidrSchema = v.pipe(
  v.string("expected an IP address or CIDR range as a string"),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const why = ipOrCidrError(dataset.value);
    if (why) addIssue({ message: `expected an IP address or CIDR range (${why})` });
  }),
);

/** A list of IP addresses / CIDR ranges. */
export const IpListSchema = v.array(IpOrCidrSchema, "expected a list of IP addresses or CIDR ranges");

/**
 * Certificate names are restricted to a safe file-name alphabet because the certificate store
 * may keep them as files; this rules out path traversal through a name.
 */
export const CertificateNameSchema = v.pipe(
  v.string("expected a certificate name"),
  v.regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
    "expected a certificate name (1-64 letters, digits, '.', '_' or '-', starting with a letter or digit)",
  ),
);

const PORT = "expected an integer 1-65535";
const MAX_CLIENTS = "expected an integer >= 1";
const TIMEOUT = "expected a whole number of seconds >= 1";
const LIMIT = "expected an integer >= 0 (0 means no limit)";

/** Highest value accepted for counters and seconds: large enough for anything real, safe as int. */
const BIG = 2_147_483_647;

/**
 * A strict object that is also not an array: valibot's object schemas accept arrays (their
 * indices would then be reported as unknown keys "0", "1", ...), which misdescribes a YAML list
 * written where a mapping belongs.
 */
export function strictMapping<const E extends v.ObjectEntries>(entries: E, message: string) {
  return v.pipe(
    v.custom<Record<string, unknown>>((x) => typeof x === "object" && x !== null && !Array.isArray(x), message),
    v.strictObject(entries, message),
  );
}

const accessEntries = {
  mode: v.picklist(ACCESS_MODES, oneOf(ACCESS_MODES)),
  ips: IpListSchema,
};
const ACCESS_MESSAGE = "expected a mapping with mode and ips";

/** `access`: which remote addresses may connect. */
export const AccessSchema = strictMapping(accessEntries, ACCESS_MESSAGE);

const limitsEntries = {
  maxConcurrent: intSchema(0, BIG, LIMIT),
  perIpPerMinute: intSchema(0, BIG, LIMIT),
  unlimited: IpListSchema,
};
const LIMITS_MESSAGE = "expected a mapping with maxConcurrent, perIpPerMinute and unlimited";

/**
 * `limits`: `maxConcurrent` caps open connections through the port and `perIpPerMinute` caps new
 * connections per minute from one address; for both, **0 means no limit**. Addresses in
 * `unlimited` are exempt from both (but not from `maxClients`).
 */
export const LimitsSchema = strictMapping(limitsEntries, LIMITS_MESSAGE);

const SERVICE_MESSAGE = "expected a mapping of service settings";

/** The keys a service's settings may have, in documentation order. */
export const SERVICE_KEYS = [
  "bind",
  "port",
  "maxClients",
  "timeout",
  "autostart",
  "tls",
  "certificate",
  "access",
  "limits",
] as const;

const serviceEntries = {
  bind: IpAddressSchema,
  port: intSchema(1, 65535, PORT),
  maxClients: intSchema(1, BIG, MAX_CLIENTS),
  timeout: intSchema(1, BIG, TIMEOUT),
  autostart: v.boolean("expected a boolean (true or false)"),
  tls: v.picklist(TLS_MODES, oneOf(TLS_MODES)),
  certificate: CertificateNameSchema,
  access: AccessSchema,
  limits: LimitsSchema,
};

/** Complete settings of one service (every field present). */
export const ServiceSettingsSchema = strictMapping(serviceEntries, SERVICE_MESSAGE);

/** Complete settings of one service. */
export type ServiceSettings = v.InferOutput<typeof ServiceSettingsSchema>;

/**
 * A partial update of one service's settings: every field optional, and `access` / `limits`
 * partial too (they are deep-merged by {@link applyServicePatch}). Used for the config file's
 * `services.<name>` entries and for REST API updates.
 */
export const ServicePatchSchema = strictMapping(
  {
    ...v.partial(v.object(serviceEntries)).entries,
    access: v.optional(strictMapping(v.partial(v.object(accessEntries)).entries, ACCESS_MESSAGE)),
    limits: v.optional(strictMapping(v.partial(v.object(limitsEntries)).entries, LIMITS_MESSAGE)),
  },
  SERVICE_MESSAGE,
);

/** A validated partial update of one service's settings. */
export type ServicePatch = v.InferOutput<typeof ServicePatchSchema>;

/**
 * Returns new settings with `patch` applied over `base`: scalar fields replace, `access` and
 * `limits` merge field by field, and lists (`ips`, `unlimited`) replace as a whole (never
 * concatenated, so a patch can also shrink a list).
 */
export function applyServicePatch(base: ServiceSettings, patch: ServicePatch): ServiceSettings {
  const { access, limits, ...scalars } = patch;
  const defined = <T extends object>(o: T): Partial<T> =>
    Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined)) as Partial<T>;
  return {
    ...base,
    ...defined(scalars),
    access: { ...base.access, ...defined(access ?? {}), ips: [...(access?.ips ?? base.access.ips)] },
    limits: {
      ...base.limits,
      ...defined(limits ?? {}),
      unlimited: [...(limits?.unlimited ?? base.limits.unlimited)],
    },
  };
}
