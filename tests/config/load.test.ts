import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  applyServicePatch,
  ConfigError,
  defaultService,
  dumpConfig,
  loadConfig,
  parseConfig,
  parseServicePatch,
  validateConfig,
} from "../../src/config/mod.ts";

/** Runs `fn`, asserts it throws a ConfigError, and returns it. */
function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${err}`);
    return err;
  }
  assert.fail("expected a ConfigError, nothing was thrown");
}

describe("merging overrides", () => {
  test("the example from DESIGN.md", () => {
    const c = parseConfig(`
hostname: mail.example.test
dataDir: ./data
database: file:./data/wrenmail.db      # or libsql://host:port
services:                               # optional; unspecified services keep their defaults
  smtp: { bind: 0.0.0.0, port: 25 }
  http: { port: 6080, access: { mode: allow, ips: [127.0.0.1, 10.0.0.0/8] } }
  imap: { limits: { maxConcurrent: 500, perIpPerMinute: 60, unlimited: [127.0.0.1] } }
`);
    assert.equal(c.hostname, "mail.example.test");
    assert.deepEqual(c.services.http.access, { mode: "allow", ips: ["127.0.0.1", "10.0.0.0/8"] });
    assert.deepEqual(c.services.imap.limits, { maxConcurrent: 500, perIpPerMinute: 60, unlimited: ["127.0.0.1"] });
    assert.deepEqual(c.services.pop3, defaultService("pop3"));
  });

  test("scalars replace, access/limits merge per field, lists replace", () => {
    const c = parseConfig(`
services:
  imap:
    timeout: 3600
    tls: implicit
    access: { mode: deny }
    limits: { perIpPerMinute: 0 }
  smtp:
    access: { ips: ["192.0.2.0/24"] }
    limits: { unlimited: [] }
`);
    const imap = defaultService("imap");
    assert.equal(c.services.imap.timeout, 3600);
    assert.equal(c.services.imap.tls, "implicit");
    assert.equal(c.services.imap.port, 143);
    assert.deepEqual(c.services.imap.access, { mode: "deny", ips: [] });
    assert.deepEqual(c.services.imap.limits, { ...imap.limits, perIpPerMinute: 0 });
    assert.deepEqual(c.services.smtp.access, { mode: "uncontrolled", ips: ["192.0.2.0/24"] });
    assert.deepEqual(c.services.smtp.limits.unlimited, []);
    assert.equal(c.services.smtp.limits.maxConcurrent, defaultService("smtp").limits.maxConcurrent);
  });

  test("empty `services:` and empty service entries mean defaults", () => {
    assert.deepEqual(parseConfig("services:\n"), validateConfig({}));
    assert.deepEqual(parseConfig("services:\n  imap:\n"), validateConfig({}));
  });

  test("database defaults to file:<dataDir>/wrenmail.db; other libSQL URLs accepted", () => {
    assert.equal(parseConfig("dataDir: /var/lib/wrenmail\n").database, "file:/var/lib/wrenmail/wrenmail.db");
    assert.equal(parseConfig("dataDir: /srv/wm/\n").database, "file:/srv/wm/wrenmail.db");
    for (const url of ["libsql://db.example.test", "http://127.0.0.1:8080", "https://x.turso.io", "ws://h:1", "wss://h", "file:x.db", ":memory:"]) {
      assert.equal(validateConfig({ database: url }).database, url);
    }
    const e = configError(() => validateConfig({ database: "postgres://h/db" }));
    assert.match(e.message, /^database: expected a libSQL URL .*got "postgres:\/\/h\/db"$/);
  });

  test("hostname must be a DNS name", () => {
    for (const ok of ["localhost", "mail.example.test", "xn--bcher-kva.example", "a-b.c0"]) {
      assert.equal(validateConfig({ hostname: ok }).hostname, ok);
    }
    for (const bad of ["", "mail..example", "-a.example", "a_b.example", "mail.example.", "1.2.3.4", "bücher.example", "a".repeat(64)]) {
      const e = configError(() => validateConfig({ hostname: bad }));
      assert.equal(e.issues.length, 1, bad);
      assert.equal(e.issues[0]!.path, "hostname");
    }
  });
});

describe("portOffset", () => {
  test("is added to every port the file does not set", () => {
    const c = parseConfig("portOffset: 10000\nservices:\n  imap: { port: 1143 }\n  smtp: { timeout: 60 }\n");
    assert.equal(c.portOffset, 10000);
    assert.equal(c.services.imap.port, 1143, "explicit port is used as written");
    assert.equal(c.services.smtp.port, 10025, "a service entry without port still gets the offset");
    assert.equal(c.services.admin.port, 16000);
    assert.equal(c.services.ldaps.port, 10636);
  });

  test("overrides replace the file's portOffset and dataDir", async () => {
    const c = parseConfig("portOffset: 5\ndataDir: ./x\n", "f.yaml", { portOffset: 20000, dataDir: "/tmp/wm" });
    assert.equal(c.portOffset, 20000);
    assert.equal(c.services.smtp.port, 20025);
    assert.equal(c.dataDir, "/tmp/wm");
    assert.equal(c.database, "file:/tmp/wm/wrenmail.db");
    const d = await loadConfig(undefined, { portOffset: 1 });
    assert.equal(d.services.pop3.port, 111);
    const e = configError(() => validateConfig({}, { portOffset: -1 }));
    assert.equal(e.issues[0]!.path, "overrides.portOffset");
  });

  test("an offset pushing a port past 65535 is an error naming the ports", () => {
    const e = configError(() => parseConfig("portOffset: 60000\n"));
    assert.equal(e.issues.length, 1);
    assert.equal(e.issues[0]!.path, "portOffset");
    assert.match(e.message, /^portOffset: .*got 60000 .*services\.admin\.port would be 66000/);
    assert.doesNotMatch(e.message, /services\.smtp\.port/);
  });

  test("explicit ports colliding with offset ports are reported", () => {
    const e = configError(() => parseConfig("portOffset: 1000\nservices:\n  http: { port: 1025 }\n"));
    assert.equal(e.issues.length, 1);
    assert.equal(e.issues[0]!.path, "services.http.port");
    assert.match(e.message, /already used by services\.smtp/);
    // the service whose port the file sets is blamed, even when it comes first in the table
    const first = configError(() => parseConfig("services:\n  smtp: { port: 6080 }\n"));
    assert.equal(first.message, "services.smtp.port: port 6080 on 0.0.0.0 is already used by services.http (port 6080 on 0.0.0.0) (line 2, column 17)");
    // different specific addresses on the same port do not collide
    assert.equal(
      parseConfig("services:\n  smtp: { bind: 127.0.0.1 }\n  submission: { bind: 127.0.0.2, port: 25 }\n").services.submission.port,
      25,
    );
    // `::` takes IPv4 too on dual-stack hosts, so it collides with an IPv4 bind
    configError(() => parseConfig("services:\n  smtp: { bind: 127.0.0.1 }\n  submission: { bind: '::', port: 25 }\n"));
  });
});

describe("errors", () => {
  test("bad YAML: line and column in the message", () => {
    const e = configError(() => parseConfig("hostname: a\nservices:\n  smtp: { port: 25\n", "wrenmail.yaml"));
    assert.ok(e.issues.length >= 1);
    assert.equal(e.issues[0]!.line, 4);
    assert.match(e.message, /^YAML syntax error: .*\(wrenmail\.yaml, line \d+, column \d+\)$/m);
    const dup = configError(() => parseConfig("hostname: a\nhostname: b\n"));
    assert.match(dup.message, /YAML syntax error: Map keys must be unique \(line 2, column 1\)/);
    const docs = configError(() => parseConfig("hostname: a\n---\nhostname: b\n"));
    assert.match(docs.message, /^YAML syntax error: the file holds more than one YAML document .*\(line 2, column 1\)$/);
  });

  test("wrong type", () => {
    const e = configError(() => parseConfig("services:\n  smtp:\n    autostart: yes\n"));
    assert.equal(e.message, 'services.smtp.autostart: expected a boolean (true or false), got "yes" (line 3, column 16)');
    const list = configError(() => validateConfig({ services: { http: { access: { ips: "127.0.0.1" } } } }));
    assert.equal(list.message, 'services.http.access.ips: expected a list of IP addresses or CIDR ranges, got "127.0.0.1"');
    const top = configError(() => parseConfig("- a\n- b\n"));
    assert.match(top.message, /^expected a mapping .*got \["a","b"\]/);
    const svc = configError(() => validateConfig({ services: { imap: [1] } }));
    assert.equal(svc.message, "services.imap: expected a mapping of service settings, got [1]");
  });

  test("out-of-range port: 70000 and \"abc\"", () => {
    for (const [yaml, shown] of [["70000", "70000"], ["abc", '"abc"'], ["0", "0"], ["25.5", "25.5"], ['"25"', '"25"']]) {
      const e = configError(() => parseConfig(`services:\n  imap:\n    port: ${yaml}\n`));
      assert.equal(e.issues.length, 1, yaml);
      assert.equal(e.issues[0]!.path, "services.imap.port");
      assert.equal(e.issues[0]!.message, `expected an integer 1-65535, got ${shown}`);
      assert.match(e.message, new RegExp(`^services\\.imap\\.port: expected an integer 1-65535, got ${shown.replace(/[."]/g, "\\$&")} \\(line 3, column 11\\)$`));
    }
  });

  test("unknown keys: top level, service name, inside a service, inside access", () => {
    const top = configError(() => parseConfig("hostnme: x\n", "w.yaml"));
    assert.equal(top.message, 'hostnme: unknown key; did you mean "hostname"? (w.yaml, line 1, column 1)');
    const svcName = configError(() => validateConfig({ services: { imap4: {} } }));
    assert.match(svcName.message, /^services\.imap4: unknown service/);
    const inSvc = configError(() => validateConfig({ services: { smtp: { protocol: "smtp" } } }));
    assert.match(inSvc.message, /^services\.smtp\.protocol: unknown key \(known: bind, port, /);
    const inAccess = configError(() => validateConfig({ services: { smtp: { access: { mode: "deny", ip: [] } } } }));
    assert.match(inAccess.message, /^services\.smtp\.access\.ip: unknown key; did you mean "ips"\?$/);
  });

  test("invalid IP and invalid CIDR: one message each, naming the key path", () => {
    const ip = configError(() => parseConfig("services:\n  http:\n    access: { mode: allow, ips: [127.0.0.1, 256.1.1.1] }\n"));
    assert.equal(ip.issues.length, 1);
    assert.equal(ip.issues[0]!.path, "services.http.access.ips[1]");
    assert.match(ip.message, /^services\.http\.access\.ips\[1\]: expected an IP address or CIDR range .*got "256\.1\.1\.1"/);
    const cidr = configError(() => parseConfig("services:\n  imap:\n    limits: { unlimited: [10.0.0.0/33] }\n"));
    assert.equal(cidr.issues.length, 1);
    assert.equal(cidr.issues[0]!.path, "services.imap.limits.unlimited[0]");
    assert.match(cidr.message, /0-32 for IPv4.*got "10\.0\.0\.0\/33"/);
    const bind = configError(() => validateConfig({ services: { smtp: { bind: "10.0.0.0/8" } } }));
    assert.match(bind.message, /^services\.smtp\.bind: expected an IP address \(a CIDR range is not allowed/);
  });

  test("two problems: both listed, one line each, in file order", () => {
    const e = configError(() => parseConfig("services:\n  imap:\n    port: 70000\nportOffset: -1\n", "wrenmail.yaml"));
    assert.equal(e.issues.length, 2);
    const lines = e.message.split("\n");
    assert.equal(lines.length, 2);
    assert.match(lines[0]!, /^services\.imap\.port: expected an integer 1-65535, got 70000 \(wrenmail\.yaml, line 3, column 11\)$/);
    assert.match(lines[1]!, /^portOffset: expected an integer 0-65534, got -1 \(wrenmail\.yaml, line 4, column 13\)$/);
  });

  test("other values: tls, timeout, maxClients, limits, certificate", () => {
    const e = configError(() =>
      validateConfig({
        services: {
          smtp: { tls: "ssl", timeout: 0, maxClients: 0, limits: { maxConcurrent: -1 }, certificate: "../etc/passwd" },
          imap: { access: { mode: "allowed" } },
        },
      }),
    );
    assert.deepEqual(e.issues.map((i) => i.path).sort(), [
      "services.imap.access.mode",
      "services.smtp.certificate",
      "services.smtp.limits.maxConcurrent",
      "services.smtp.maxClients",
      "services.smtp.timeout",
      "services.smtp.tls",
    ]);
    assert.match(e.message, /services\.smtp\.tls: expected one of "none", "starttls", "implicit", got "ssl"/);
    assert.match(e.message, /services\.imap\.access\.mode: expected one of "uncontrolled", "deny", "allow", got "allowed"/);
    assert.match(e.message, /services\.smtp\.limits\.maxConcurrent: expected an integer >= 0 \(0 means no limit\), got -1/);
  });
});

describe("dump and loadConfig", () => {
  const sample = `
hostname: mail.example.test
portOffset: 10000
services:
  imap: { port: 1143, access: { mode: deny, ips: ["203.0.113.0/24", "2001:db8::/32"] } }
  http: { bind: "::", autostart: false, limits: { perIpPerMinute: 0 } }
  ldaps: { certificate: ldap-cert, tls: implicit }
`;

  test("dump -> parse gives the same Config (full and onlyChanges)", () => {
    const c = parseConfig(sample);
    const full = dumpConfig(c);
    assert.deepEqual(parseConfig(full), c);
    const short = dumpConfig(c, { onlyChanges: true });
    assert.deepEqual(parseConfig(short), c);
    assert.ok(short.length < full.length / 4, "onlyChanges is short");
    assert.doesNotMatch(short, /pop3/);
    assert.deepEqual(parseConfig(dumpConfig(validateConfig({}), { onlyChanges: true })), validateConfig({}));
    assert.deepEqual(parseConfig(dumpConfig(validateConfig({}))), validateConfig({}));
  });

  test("loadConfig reads a file; a missing explicit file is an error naming it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "wrenmail-config-"));
    try {
      const file = join(dir, "wrenmail.yaml");
      await writeFile(file, sample);
      assert.deepEqual(await loadConfig(file), parseConfig(sample));
      const missing = join(dir, "nope.yaml");
      await assert.rejects(loadConfig(missing), (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.ok(err.message.includes(missing), err.message);
        return true;
      });
      await writeFile(file, "services:\n  imap: { port: abc }\n");
      await assert.rejects(loadConfig(file), (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.equal(err.source, file);
        assert.equal(err.message, `services.imap.port: expected an integer 1-65535, got "abc" (${file}, line 2, column 17)`);
        return true;
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("parseServicePatch (REST API input)", () => {
  test("valid patch applies over current settings", () => {
    const r = parseServicePatch({ port: 2525, access: { mode: "allow", ips: ["10.0.0.0/8"] } });
    assert.ok(r.ok);
    const next = applyServicePatch(defaultService("smtp"), r.patch);
    assert.equal(next.port, 2525);
    assert.deepEqual(next.access, { mode: "allow", ips: ["10.0.0.0/8"] });
    assert.equal(next.tls, "starttls");
  });

  test("invalid patch gives per-field issues with relative paths", () => {
    const r = parseServicePatch({ port: "abc", access: { ips: ["1.2.3.4", "1::2::3"] }, protocol: "x" });
    assert.ok(!r.ok);
    assert.deepEqual(
      r.issues.map((i) => i.path),
      ["port", "access.ips[1]", "protocol"],
    );
    assert.equal(r.issues[0]!.message, 'expected an integer 1-65535, got "abc"');
    assert.match(r.issues[2]!.message, /^unknown key \(known: bind, port/);
    assert.ok(!parseServicePatch(null).ok);
    assert.ok(!parseServicePatch([]).ok);
    assert.ok(parseServicePatch({}).ok);
  });
});

describe("certificates", () => {
  test("names map to cert and key paths; bad names and unknown keys are named", () => {
    const c = parseConfig("certificates:\n  mail: { cert: /etc/a.pem, key: /etc/b.pem }\n");
    assert.deepEqual(c.certificates, { mail: { cert: "/etc/a.pem", key: "/etc/b.pem" } });
    assert.deepEqual(parseConfig("").certificates, {});
    assert.throws(() => parseConfig("certificates:\n  mail: { cert: a.pem, key: b.pem, chain: c.pem }\n"), /certificates\.mail\.chain: unknown key \(known: cert, key\)/);
    assert.throws(() => parseConfig("certificates:\n  '../x': { cert: a.pem, key: b.pem }\n"), /certificates\["\.\.\/x"\]: expected a certificate name/);
    assert.throws(() => parseConfig("certificates:\n  mail: { cert: 3, key: b.pem }\n"), /certificates\.mail\.cert: expected the path of a PEM certificate file/);
  });
});
