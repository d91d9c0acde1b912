/**
 * wrenmail configuration: valibot schemas (the one source of truth for the config file, the REST
 * API and the admin forms), defaults, and YAML load/dump. Safe to import where there is no file
 * system; only `loadConfig` reads files.
 *
 * @module
 */
export {
  ACCESS_MODES,
  AccessSchema,
  type AccessMode,
  applyServicePatch,
  CertificateNameSchema,
  IpAddressSchema,
  IpListSchema,
  IpOrCidrSchema,
  isServiceName,
  LimitsSchema,
  type Protocol,
  SERVICE_KEYS,
  SERVICE_NAMES,
  SERVICE_PROTOCOLS,
  strictMapping,
  type ServiceName,
  type ServicePatch,
  ServicePatchSchema,
  type ServiceSettings,
  ServiceSettingsSchema,
  TLS_MODES,
  type TlsMode,
} from "./service.ts";
export {
  DEFAULT_DATA_DIR,
  DEFAULT_HOSTNAME,
  DEFAULT_PORT_OFFSET,
  DEFAULT_SERVICES,
  DEFAULT_UNLIMITED,
  defaultDatabase,
  defaultService,
  defaultServices,
} from "./defaults.ts";
export {
  type Config,
  ConfigFileSchema,
  type ConfigFile,
  type ConfigOverrides,
  DATABASE_SCHEMES,
  databaseUrlError,
  hostnameError,
  HostnameSchema,
  parseServicePatch,
  portConflicts,
  resolveConfig,
  type ServicePatchResult,
  validateConfig,
} from "./schema.ts";
export { ConfigError, type ConfigIssue, formatIssue } from "./errors.ts";
export {
  BARE_LINE_ENDINGS,
  type BareLineEndings,
  DEFAULT_SMTP_LIMITS,
  resolveSmtp,
  SMTP_KEYS,
  type SmtpFile,
  SmtpFileSchema,
  type SmtpLimits,
} from "./smtp.ts";
export { DEFAULT_POP3_LIMITS, type Pop3Limits, POP3_KEYS, resolvePop3 } from "./pop3.ts";
export { DEFAULT_IMAP_LIMITS, type ImapLimits, IMAP_KEYS, resolveImap } from "./imap.ts";
export { dumpConfig, type DumpOptions, loadConfig, parseConfig } from "./load.ts";
export {
  formatIp,
  ipError,
  ipOrCidrError,
  type IpFamily,
  isIp,
  isIpOrCidr,
  isUnspecified,
  maskBytes,
  type ParsedCidr,
  type ParsedIp,
  parseCidr,
  parseIp,
} from "./ip.ts";
