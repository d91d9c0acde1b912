/**
 * Every console screen driven as a browser without script would: forms posted, redirects
 * followed, the outcome read from the next page — and checked against the store and real sockets.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { connectRaw } from "../../../helpers/net.ts";
import { harness, PASSWORD, type Harness } from "../harness.ts";
import { FormBrowser, textOf } from "./browser.ts";

/** The first line a plain TCP client from `local` gets, or the connect error code. */
async function probe(port: number): Promise<string> {
  try {
    const c = await connectRaw(port);
    try {
      return (await c.readUntil("\r\n")).split("\r\n")[0]!;
    } finally {
      c.close();
    }
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
}

describe("admin console: screens", () => {
  let h: Harness;
  let b: FormBrowser;
  before(async () => {
    h = await harness({ start: ["pop3", "imap"] });
    b = new FormBrowser(h);
    await b.login("admin", PASSWORD);
  });
  after(() => h.close());

  test("services: every service listed with status, bind, port, TLS, connections; admin's Stop is disabled with the reason", async () => {
    const r = await b.get("/services");
    assert.equal(r.status, 200);
    const rows = r.html.match(/<tr data-service="[a-z0-9]+">/g) ?? [];
    assert.equal(rows.length, 14);
    const imap = r.html.slice(r.html.indexOf('<tr data-service="imap">'), r.html.indexOf('<tr data-service="imaps">'));
    assert.match(textOf(imap), new RegExp(`imap \\(imap\\) Mailbox access \\(IMAP\\) running 127\\.0\\.0\\.1 ${h.services.get("imap").port} STARTTLS 0`));
    const admin = r.html.slice(r.html.indexOf('<tr data-service="admin">'), r.html.indexOf('<tr data-service="smtp">'));
    assert.match(admin, /<button type="submit" class="btn btn-plain" disabled="" aria-label="Stop admin" aria-describedby="admin-stop-reason">Stop<\/button>/);
    assert.match(admin, /<span class="reason reason-block" id="admin-stop-reason">The admin service cannot be stopped: it serves this console\.<\/span>/);
  });

  test("stop imap from the list: the page says so and a TCP connect is refused; start it: it greets again", async () => {
    const port = h.services.get("imap").port;
    assert.match(await probe(port), /^\* /);
    const stop = await b.post("/services/imap/stop", { back: "/services" });
    assert.match(textOf(stop.html), /imap stopped: now stopped\./);
    assert.equal(await probe(port), "ECONNREFUSED");
    const start = await b.post("/services/imap/start", { back: "/services" });
    assert.match(textOf(start.html), /imap started: now running\./);
    assert.match(await probe(port), /^\* /);
    const admin = await b.post("/services/admin/stop", { back: "/services" });
    assert.match(textOf(admin.html), /admin was not stopped: The admin service cannot be stopped|admin was not stopped: the admin service cannot be stopped/);
  });

  test("setup, basic parameters: API errors appear next to their fields and nothing changes; a good change is saved with its warning", async () => {
    const before = await h.settings("pop3");
    const bad = await b.post("/services/pop3/setup/basic", { bind: "999.1.1.1", port: "70000", maxClients: "many", timeout: "30" });
    assert.equal(bad.status, 400);
    assert.match(bad.html, /<p class="field-error" id="f-port-error">expected an integer 1-65535, got 70000<\/p><input id="f-port" name="port" type="number" value="70000"[^>]*aria-invalid="true" aria-describedby="f-port-hint f-port-error"/);
    assert.match(bad.html, /id="f-maxClients-error">expected an integer &gt;= 1, got &quot;many&quot;</);
    assert.match(bad.html, /id="f-bind-error">expected an IP address/);
    assert.match(bad.html, /<a href="#f-port">port: expected an integer 1-65535, got 70000<\/a>/, "the summary links to the field");
    assert.deepEqual(await h.settings("pop3"), before);
    const free = h.services.get("pop3").port;
    const ok = await b.post("/services/pop3/setup/basic", { bind: "127.0.0.1", port: String(free), maxClients: "80", timeout: "120", autostart: "yes" });
    assert.equal(ok.status, 200);
    assert.match(textOf(ok.html), /Saved the basic parameters of pop3\./);
    const after = await h.settings("pop3");
    assert.deepEqual([after.maxClients, after.timeout, after.autostart], [80, 120, true]);
  });

  test("setup: moving smtp off its port asks first, without script; confirmed, it is saved with the API's warning", async () => {
    const from = (await h.settings("smtp")).port;
    const ask = await b.post("/services/smtp/setup/basic", { bind: "127.0.0.1", port: "2525", maxClients: "100", timeout: "300", autostart: "yes" });
    assert.equal(ask.status, 409);
    assert.match(textOf(ask.html), new RegExp(`Move smtp from port ${from} to 2525\\? Other mail servers deliver to port 25 only`));
    assert.equal((await h.settings("smtp")).port, from, "not changed yet");
    const hidden = Object.fromEntries([...ask.html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/>/g)].filter((m) => m[1] !== "_csrf").map((m) => [m[1]!, m[2]!]));
    assert.equal(hidden.confirmSmtpPort, "yes");
    const yes = await b.post("/services/smtp/setup/basic", hidden);
    assert.match(textOf(yes.html), /other mail servers deliver to port 25 only; with smtp on port 2525 they will not find this server/);
    assert.equal((await h.settings("smtp")).port, 2525);
    await b.post("/services/smtp/setup/basic", { bind: "127.0.0.1", port: String(from), maxClients: "100", timeout: "300", autostart: "yes", confirmSmtpPort: "yes" });
  });

  test("access control: add (with a bad entry named), switch to allow-only, delete; the gate follows at once", async () => {
    const port = h.services.get("pop3").port;
    const bad = await b.post("/services/pop3/setup/access/add", { ips: "127.0.0.2 10.0.0.300" });
    assert.equal(bad.status, 400);
    assert.match(textOf(bad.html), /ips\[1\]: expected an IP address or CIDR range .*got "10\.0\.0\.300"/);
    assert.deepEqual((await h.settings("pop3")).access.ips, []);
    const add = await b.post("/services/pop3/setup/access/add", { ips: "127.0.0.2" });
    assert.match(textOf(add.html), /Added 127\.0\.0\.2 to the access list of pop3\./);
    const mode = await b.post("/services/pop3/setup/access", { mode: "allow" });
    assert.match(textOf(mode.html), /Saved the access control of pop3\./);
    assert.match(mode.html, /<input type="radio" id="f-mode-allow" name="mode" value="allow" checked=""/);
    assert.match(await probe(port), /^-ERR .*not allowed/);
    const none = await b.post("/services/pop3/setup/access", {});
    assert.equal(none.status, 400);
    assert.match(textOf(none.html), /access\.mode: expected one of "uncontrolled", "deny", "allow"/);
    const del = await b.post("/services/pop3/setup/access/delete", { ips: "127.0.0.2" });
    assert.match(textOf(del.html), /Deleted 127\.0\.0\.2 from the access list of pop3\./);
    assert.match(textOf(del.html), /The list is empty: in this mode nobody can connect\./);
    const gone = await b.post("/services/pop3/setup/access/delete", { ips: "127.0.0.2" });
    assert.equal(gone.status, 404);
    assert.match(textOf(gone.html), /"127\.0\.0\.2" is not in the list/);
    await b.post("/services/pop3/setup/access", { mode: "uncontrolled" });
    assert.doesNotMatch(await probe(port), /not allowed/);
  });

  test("access control on admin: a change that would lock me out is refused until I tick the override", async () => {
    const r = await b.post("/services/admin/setup/access/add", { ips: "10.0.0.0/8" });
    assert.match(textOf(r.html), /Added 10\.0\.0\.0\/8/);
    const lock = await b.post("/services/admin/setup/access", { mode: "allow" });
    assert.equal(lock.status, 409);
    assert.match(textOf(lock.html), /would refuse your own address 127\.0\.0\.1 on the admin service/);
    assert.match(lock.html, /name="force"/);
    assert.equal((await h.settings("admin")).access.mode, "uncontrolled");
    await b.post("/services/admin/setup/access/delete", { ips: "10.0.0.0/8" });
  });

  test("connection limits: bad values named, good ones saved; unlimited list add and delete", async () => {
    const bad = await b.post("/services/pop3/setup/limits", { "limits.maxConcurrent": "-1", "limits.perIpPerMinute": "lots" });
    assert.equal(bad.status, 400);
    assert.match(bad.html, /id="f-limits-maxConcurrent-error">expected an integer &gt;= 0 \(0 means no limit\), got -1</);
    assert.match(bad.html, /id="f-limits-perIpPerMinute-error">/);
    const ok = await b.post("/services/pop3/setup/limits", { "limits.maxConcurrent": "50", "limits.perIpPerMinute": "7" });
    assert.match(textOf(ok.html), /Saved the connection limits of pop3\./);
    assert.deepEqual([(await h.settings("pop3")).limits.maxConcurrent, (await h.settings("pop3")).limits.perIpPerMinute], [50, 7]);
    const add = await b.post("/services/pop3/setup/limits/add", { ips: "192.0.2.0/24" });
    assert.match(textOf(add.html), /Added 192\.0\.2\.0\/24 to the unlimited list of pop3\./);
    assert.ok((await h.settings("pop3")).limits.unlimited.includes("192.0.2.0/24"));
    await b.post("/services/pop3/setup/limits/delete", { ips: "192.0.2.0/24" });
    assert.ok(!(await h.settings("pop3")).limits.unlimited.includes("192.0.2.0/24"));
  });

  test("TLS: the picker lists the store; a certificate that is not there is refused on its field", async () => {
    const page = await b.get("/services/imap/setup/tls");
    assert.match(page.html, /<option value="default" selected="">default — localhost, 127\.0\.0\.1, ::1, expires \d{4}-\d{2}-\d{2}<\/option>/);
    const bad = await b.post("/services/imap/setup/tls", { tls: "implicit", certificate: "missing" });
    assert.equal(bad.status, 400);
    assert.match(textOf(bad.html), /certificate: no certificate named "missing" in the certificate store/);
    const ok = await b.post("/services/imap/setup/tls", { tls: "starttls", certificate: "default", restart: "yes" });
    assert.equal(ok.status, 200);
    assert.match(textOf(ok.html), /Saved the TLS settings of imap\.|Saved and restarted imap/);
  });

  test("dashboard and log: figures, charts as labelled SVG, log filters with bad values named, the start-failure hint", async () => {
    const d = await b.get("/dashboard");
    assert.match(d.html, /<svg class="chart"[^>]*role="img" aria-label="Connections per minute, all services: \d+ accepted and \d+ refused in the last 30 minutes; busiest minute \d+\."/);
    assert.match(d.html, /data-chart="live"/);
    assert.equal((d.html.match(/<svg class="spark"/g) ?? []).length, 14);
    h.log.error("ldap", `failed to start on 127.0.0.1:389: address in use: 127.0.0.1:389`);
    const log = await b.get("/log?service=ldap&level=warn");
    assert.match(textOf(log.html), /failed to start on 127\.0\.0\.1:389: address in use: 127\.0\.0\.1:389 A start failure is usually a port already in use — see which program holds it: ss -ltnp 'sport = :389'/);
    const bad = await b.get("/log?level=loud&limit=0");
    assert.equal(bad.status, 400);
    assert.match(bad.html, /id="f-level-error">expected one of debug, info, warn, error/);
    assert.match(bad.html, /id="f-limit-error">expected an integer 1-10000, got 0/);
    const since = await b.get(`/log?since=${new Date(Date.now() + 3600_000).toISOString().slice(0, 16)}`);
    assert.equal(since.status, 200);
    assert.match(textOf(since.html), /Nothing logged matches these filters\./);
  });

  test("domains, users, aliases: add, edit, disable, reset password, quota, remove", async () => {
    assert.match(textOf((await b.post("/domains", { name: "Example.test" })).html), /Added the domain example\.test\./);
    const dup = await b.post("/domains", { name: "example.test" });
    assert.equal(dup.status, 409);
    assert.match(textOf(dup.html), /Domain example\.test already exists\./);
    const user = await b.post("/users", { address: "alice@example.test", password: "long enough pw", quota: "2G", displayName: "Alice" });
    assert.match(textOf(user.html), /Added the user alice@example\.test\./);
    assert.equal((await h.store.accounts.get("alice@example.test"))?.quota, 2 * 1024 ** 3);
    const page = await b.get("/users/alice%40example.test");
    assert.match(page.html, /<input id="f-quota" name="quota" type="text" value="2G"/);
    await b.post("/users/alice%40example.test/details", { displayName: "Alice B", quota: "500M" });
    assert.equal((await h.store.accounts.get("alice@example.test"))?.quota, 500 * 1024 ** 2);
    const shortPw = await b.post("/users/alice%40example.test/password", { password: "short" });
    assert.equal(shortPw.status, 400);
    assert.doesNotMatch(shortPw.html, /short"/, "the password is not echoed");
    await b.post("/users/alice%40example.test/password", { password: "a brand new one" });
    assert.ok(await h.store.accounts.verify("alice@example.test", "a brand new one"));
    await b.post("/users/alice%40example.test/disable", {});
    assert.equal((await h.store.accounts.get("alice@example.test"))?.enabled, false);
    await b.post("/users/alice%40example.test/enable", {});

    const alias = await b.post("/aliases", { source: "postmaster@example.test", destinations: "alice@example.test\nops@elsewhere.test" });
    assert.match(textOf(alias.html), /Added the alias postmaster@example\.test → alice@example\.test, ops@elsewhere\.test\./);
    const badAlias = await b.post("/aliases", { source: "abuse@example.test", destinations: "alice@example.test\nnot an address" });
    assert.equal(badAlias.status, 400);
    assert.match(badAlias.html, /id="f-destinations-error">/);
    await b.post("/aliases/postmaster%40example.test", { destinations: "alice@example.test" });
    assert.deepEqual((await h.store.aliases.get("postmaster@example.test"))?.destinations, ["alice@example.test"]);
    await b.post("/aliases/postmaster%40example.test/disable", { back: "/aliases" });
    assert.equal((await h.store.aliases.get("postmaster@example.test"))?.enabled, false);
    await b.post("/aliases/postmaster%40example.test/delete", {});
    assert.equal(await h.store.aliases.get("postmaster@example.test"), null);

    await b.post("/domains/example.test/disable", {});
    assert.equal((await h.store.domains.get("example.test"))?.enabled, false);
    await b.post("/domains/example.test/catch-all", { catchAll: "alice@example.test" });
    assert.equal((await h.store.domains.get("example.test"))?.catchAll, "alice@example.test");
    const keep = await b.post("/domains/example.test/delete", {});
    assert.match(textOf(keep.html), /example\.test was not removed: domain example\.test still has 1 account/);
    await b.post("/domains/example.test/delete", { force: "yes" });
    assert.equal(await h.store.domains.get("example.test"), null);
  });

  test("certificates: upload refusals on their fields, create and regenerate self-signed, delete only when unused", async () => {
    const bad = await b.post("/certificates", { name: "bad", cert: "hello", key: "secret key text" });
    assert.equal(bad.status, 400);
    assert.match(bad.html, /id="f-upload-cert-error">expected a PEM certificate/);
    assert.doesNotMatch(bad.html, /secret key text/, "the key is never sent back");
    const made = await b.post("/certificates/self-signed", { name: "lab", hostnames: "mail.lab.test, 192.0.2.1", days: "90" });
    assert.match(textOf(made.html), /Created the self-signed certificate lab for mail\.lab\.test, 192\.0\.2\.1\./);
    const before = await h.store.certificates.get("lab");
    const regen = await b.post("/certificates/lab/self-signed", { hostnames: "mail.lab.test" });
    assert.match(textOf(regen.html), /Regenerated lab: a new self-signed certificate for mail\.lab\.test/);
    assert.notEqual((await h.store.certificates.get("lab"))?.key, before?.key);
    const inUse = await b.post("/certificates/default/delete", {});
    assert.match(textOf(inUse.html), /default was not deleted: certificate default is used by/);
    await b.post("/certificates/lab/delete", {});
    assert.equal(await h.store.certificates.get("lab"), null);
  });

  test("queue: retry and delete from the list", async () => {
    const e = await h.store.queue.enqueue({ sender: "a@example.test", recipients: ["z@elsewhere.test"], blob: new TextEncoder().encode("x\r\n") });
    await h.store.queue.update(e.id, { status: "deferred", attempts: 2, nextAttemptAt: new Date(Date.now() + 3600_000), lastError: "451 greylisted" });
    const page = await b.get("/queue?status=deferred");
    assert.match(textOf(page.html), new RegExp(`${e.id} a@example\\.test z@elsewhere\\.test deferred 2 .* 451 greylisted Retry now Delete`));
    const retry = await b.post(`/queue/${e.id}/retry`, { back: "/queue?status=deferred" });
    assert.match(textOf(retry.html), new RegExp(`Message ${e.id} will be tried again now\\.`));
    assert.equal((await h.store.queue.list())[0]?.status, "queued");
    await b.post(`/queue/${e.id}/delete`, { back: "/queue" });
    assert.equal((await h.store.queue.list()).length, 0);
  });
});
