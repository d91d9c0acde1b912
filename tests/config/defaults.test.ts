import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  DEFAULT_SERVICES,
  loadConfig,
  parseConfig,
  SERVICE_NAMES,
  SERVICE_PROTOCOLS,
  validateConfig,
} from "../../src/config/mod.ts";

// DESIGN.md's service table, written out independently of src/config/defaults.ts.
const DESIGN_TABLE = [
  ["admin", "http", 6000, "implicit"],
  ["smtp", "smtp", 25, "starttls"],
  ["submission", "smtp", 587, "starttls"],
  ["smtps", "smtp", 465, "implicit"],
  ["pop3", "pop3", 110, "starttls"],
  ["pop3s", "pop3", 995, "implicit"],
  ["imap", "imap", 143, "starttls"],
  ["imaps", "imap", 993, "implicit"],
  ["http", "http", 6080, "none"],
  ["https", "http", 6443, "implicit"],
  ["ftp", "ftp", 21, "starttls"],
  ["ftps", "ftp", 990, "implicit"],
  ["ldap", "ldap", 389, "starttls"],
  ["ldaps", "ldap", 636, "implicit"],
] as const;

describe("defaults", () => {
  test("exactly the fourteen services of the design table, in order", () => {
    assert.deepEqual([...SERVICE_NAMES], DESIGN_TABLE.map((r) => r[0]));
  });

  test("an empty file gives every default", async () => {
    for (const config of [parseConfig(""), parseConfig("# only a comment\n"), validateConfig({}), validateConfig(null), await loadConfig()]) {
      assert.equal(config.hostname, "localhost");
      assert.equal(config.dataDir, "./data");
      assert.equal(config.database, "file:./data/wrenmail.db");
      assert.equal(config.portOffset, 0);
      assert.deepEqual(Object.keys(config.services), DESIGN_TABLE.map((r) => r[0]));
      for (const [name, protocol, port, tls] of DESIGN_TABLE) {
        const s = config.services[name];
        assert.equal(SERVICE_PROTOCOLS[name], protocol, name);
        assert.equal(s.port, port, `${name} port`);
        assert.equal(s.tls, tls, `${name} tls`);
        assert.equal(s.bind, "0.0.0.0", `${name} bind`);
        assert.equal(s.autostart, true, `${name} autostart`);
        assert.equal(s.certificate, "default", `${name} certificate`);
        assert.deepEqual(s.access, { mode: "uncontrolled", ips: [] }, `${name} access`);
        assert.ok(s.limits.maxConcurrent <= s.maxClients, `${name} maxConcurrent leaves room`);
        assert.deepEqual(s.limits.unlimited, ["127.0.0.1", "::1"], `${name} unlimited`);
      }
    }
  });

  test("protocol timeouts follow the RFCs", () => {
    for (const name of ["smtp", "submission", "smtps"] as const) assert.equal(DEFAULT_SERVICES[name].timeout, 300); // RFC 5321 4.5.3.2.7
    for (const name of ["pop3", "pop3s"] as const) assert.ok(DEFAULT_SERVICES[name].timeout >= 600); // RFC 1939 3
    for (const name of ["imap", "imaps"] as const) assert.ok(DEFAULT_SERVICES[name].timeout >= 1800); // RFC 9051 5.4
  });

  test("callers get copies, not the shared defaults", () => {
    const a = validateConfig({});
    a.services.smtp.port = 2525;
    a.services.smtp.access.ips.push("1.2.3.4");
    const b = validateConfig({});
    assert.equal(b.services.smtp.port, 25);
    assert.deepEqual(b.services.smtp.access.ips, []);
    assert.ok(Object.isFrozen(DEFAULT_SERVICES.smtp.limits.unlimited));
  });

  test("defaults pass the service schema", () => {
    // A default that the schema would reject could never be written back by dumpConfig.
    const back = validateConfig({ services: structuredClone(validateConfig({}).services) });
    assert.deepEqual(back, validateConfig({}));
  });
});
