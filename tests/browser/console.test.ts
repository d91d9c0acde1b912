/**
 * The admin console in Debian's Chromium (driven by playwright-core from this process) against a
 * whole server running on the runtime under test, with real clients judging the outcome: Python's
 * imaplib and poplib, plain TCP listeners holding ports. Screenshots of every screen, at desktop
 * and phone width, go to test-results/screenshots/<runtime>/ for review.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:net";
import { getRuntime, type HttpServer } from "../../runtime/mod.ts";
import { testCert } from "../helpers/certs.ts";
import { freePorts } from "../helpers/ports.ts";
import { imapClient, pop3Client } from "./clients.ts";
import { consoleRig, type ConsoleRig } from "./harness.ts";

const USER = "alice@example.test";
const USER_PASSWORD = "a long secret for alice";

describe("admin console in Chromium", () => {
  let r: ConsoleRig;
  const row = (name: string) => r.page.locator(`tr[data-service="${name}"]`);
  const flash = () => r.page.locator(".flash").first();
  /** Open a page of the console and check it against its phone-width screenshot. */
  const visit = async (path: string, shot: string) => {
    await r.page.goto(`${r.base}${path}`);
    assert.ok((await r.screenshot(shot)) <= 0, `${path} is wider than a 390 px phone screen`);
  };

  before(async () => {
    r = await consoleRig({ autostart: ["admin", "imap", "pop3"] });
  });
  after(async () => {
    await r?.close();
  });

  test("log in: the login page, a wrong password refused on the form, then the dashboard", async () => {
    const { page } = r;
    await page.goto(`${r.base}/services`);
    assert.match(page.url(), /\/login\?next=%2Fservices$/);
    assert.ok((await r.screenshot("login")) <= 0);
    await page.getByLabel("Administrator name").fill("admin");
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Log in" }).click();
    assert.equal(await page.locator("#error-summary").textContent(), "Wrong administrator name or password.");
    await page.getByLabel("Password").fill(r.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(`${r.base}/services`);
    const cookies = await r.context.cookies(r.base);
    const session = cookies.find((c) => c.name === "__Host-wrenmail_session");
    assert.ok(session);
    assert.deepEqual([session.httpOnly, session.secure, session.sameSite], [true, true, "Strict"]);
    await visit("/dashboard", "dashboard");
    assert.equal(await page.locator("h1").textContent(), "Dashboard");
  });

  test("directory through the console: add a domain and a user (for the IMAP client below)", async () => {
    const { page } = r;
    await visit("/domains", "domains-empty");
    await page.getByLabel("Domain name").fill("example.test");
    await page.getByRole("button", { name: "Add domain" }).click();
    assert.equal(await flash().textContent(), "Added the domain example.test.");
    await page.goto(`${r.base}/users`);
    await page.getByLabel("Address", { exact: true }).fill(USER);
    await page.getByLabel("Display name (optional)").fill("Alice");
    await page.getByLabel("Password").fill(USER_PASSWORD);
    await page.getByLabel("Quota").fill("1G");
    await page.getByRole("button", { name: "Add user" }).click();
    assert.equal(await flash().textContent(), `Added the user ${USER}.`);
    assert.ok((await r.screenshot("users")) <= 0);
    await page.getByRole("link", { name: `Edit ${USER}` }).click();
    assert.ok((await r.screenshot("user")) <= 0);
    await page.goto(`${r.base}/aliases`);
    await page.getByLabel("Alias address").fill("postmaster@example.test");
    await page.getByLabel("Delivers to").fill(USER);
    await page.getByRole("button", { name: "Add alias" }).click();
    assert.match((await flash().textContent()) ?? "", /Added the alias postmaster@example\.test/);
    assert.ok((await r.screenshot("aliases")) <= 0);
    await visit("/domains", "domains");
  });

  test("stop and start imap: the status changes, and imaplib is refused, then logs in", async () => {
    const { page } = r;
    await visit("/services", "services");
    assert.match(await imapClient(r.ports.imap, { login: [USER, USER_PASSWORD] }), /^LOGGEDIN OK OK 0 \| \* OK/);
    await page.getByRole("button", { name: "Stop imap", exact: true }).click();
    assert.equal(await flash().textContent(), "imap stopped: now stopped.");
    assert.equal(await row("imap").locator("[data-field=status]").textContent(), "stopped");
    assert.equal(await page.getByRole("button", { name: "Start imap", exact: true }).isEnabled(), true);
    assert.equal(await page.getByRole("button", { name: "Stop imap", exact: true }).isDisabled(), true);
    assert.equal(await imapClient(r.ports.imap), "REFUSED");
    await page.getByRole("button", { name: "Start imap", exact: true }).click();
    assert.equal(await flash().textContent(), "imap started: now running.");
    assert.equal(await row("imap").locator("[data-field=status]").textContent(), "running");
    assert.match(await imapClient(r.ports.imap, { login: [USER, USER_PASSWORD] }), /^LOGGEDIN OK OK/);
    // Admin's Stop is disabled, with the reason next to it.
    assert.equal(await page.getByRole("button", { name: "Stop admin", exact: true }).isDisabled(), true);
    assert.match((await row("admin").textContent()) ?? "", /The admin service cannot be stopped: it serves this console\./);
  });

  test("the services page follows a change made elsewhere without a reload", async () => {
    const { page } = r;
    await page.goto(`${r.base}/services`);
    await r.server.services.stop("imap");
    await page.locator('tr[data-service="imap"] [data-field=status]', { hasText: "stopped" }).waitFor({ timeout: 20_000 });
    assert.equal(await page.getByRole("button", { name: "Start imap", exact: true }).isEnabled(), true);
    await r.server.services.start("imap");
    await page.locator('tr[data-service="imap"] [data-field=status]', { hasText: "running" }).waitFor({ timeout: 20_000 });
    assert.equal(await page.locator("[data-live=services]").textContent(), "Live");
  });

  test("pop3 in allow-list mode with 127.0.0.2 only: poplib from 127.0.0.1 is refused, from 127.0.0.2 let in", async () => {
    const { page } = r;
    assert.match(await pop3Client(r.ports.pop3, "127.0.0.1"), /^GREETING \+OK/);
    await visit("/services/pop3/setup/access", "setup-access");
    await page.getByRole("textbox", { name: "Address to add" }).fill("127.0.0.2");
    await page.getByRole("button", { name: "Add", exact: true }).click();
    assert.equal(await flash().textContent(), "Added 127.0.0.2 to the access list of pop3.");
    await page.getByLabel("Allow only the listed addresses").check();
    await page.getByRole("button", { name: "Save mode" }).click();
    assert.equal(await flash().textContent(), "Saved the access control of pop3.");
    assert.equal(await page.getByLabel("Allow only the listed addresses").isChecked(), true);
    assert.ok((await r.screenshot("setup-access-allow")) <= 0);
    assert.match(await pop3Client(r.ports.pop3, "127.0.0.1"), /^ERR -ERR \[SYS\/PERM\] connections from your address are not allowed$/);
    assert.match(await pop3Client(r.ports.pop3, "127.0.0.2"), /^GREETING \+OK/);
  });

  test("perIpPerMinute set in the console is enforced on imap", async () => {
    const { page } = r;
    await visit("/services/imap/setup/limits", "setup-limits");
    // Loopback is exempt by default; take it off the unlimited list first.
    await page.getByRole("button", { name: "Delete 127.0.0.1 from the unlimited list" }).click();
    assert.equal(await flash().textContent(), "Deleted 127.0.0.1 from the unlimited list of imap.");
    // Beyond what the schema allows (the browser's own checks let it through: the field has no max).
    await page.getByLabel("Max. connections per minute per IP").fill("99999999999");
    await page.getByRole("button", { name: "Save limits" }).click();
    assert.match((await page.locator("#f-limits-perIpPerMinute-error").textContent()) ?? "", /expected an integer >= 0 \(0 means no limit\), got 99999999999/);
    assert.equal(await page.getByLabel("Max. connections per minute per IP").getAttribute("aria-invalid"), "true");
    assert.ok((await r.screenshot("setup-limits-error")) <= 0);
    await page.getByLabel("Max. connections per minute per IP").fill("2");
    await page.getByRole("button", { name: "Save limits" }).click();
    assert.equal(await flash().textContent(), "Saved the connection limits of imap.");
    const got = [await imapClient(r.ports.imap), await imapClient(r.ports.imap), await imapClient(r.ports.imap)];
    assert.match(got[0]!, /^GREETING \* OK/);
    assert.match(got[1]!, /^GREETING \* OK/);
    assert.match(got[2]!, /too many connections from your address/, got[2]);
    await page.goto(`${r.base}/log?service=imap&level=warn`);
    assert.match((await page.locator("#log tbody").textContent()) ?? "", /refused connection from 127\.0\.0\.1: over the per-IP connections per minute limit/);
  });

  test("change imap's port with restart: it listens on the new port and not the old one", async () => {
    const { page } = r;
    const [fresh] = await freePorts(1);
    const old = r.ports.imap;
    await visit("/services/imap/setup", "setup-basic");
    await page.getByLabel("Port").fill(String(fresh));
    await page.getByLabel("Restart the service after setup").check();
    await page.getByRole("button", { name: "Save" }).click();
    assert.equal(await flash().textContent(), `Saved and restarted imap: now running on port ${fresh}.`);
    assert.equal(await page.getByLabel("Port").inputValue(), String(fresh));
    assert.equal(await imapClient(old), "REFUSED");
    // The rate limit above still holds for 127.0.0.1, so this client comes from 127.0.0.5.
    assert.match(await imapClient(fresh!, { source: "127.0.0.5", login: [USER, USER_PASSWORD] }), /^LOGGEDIN OK OK/);
    r.ports.imap = fresh!;
  });

  test("smtp's port: the console warns and asks before moving it", async () => {
    const { page } = r;
    await page.goto(`${r.base}/services/smtp/setup`);
    assert.match((await page.locator("#f-port-hint").textContent()) ?? "", /Do not change the SMTP port\./);
    await page.getByLabel("Port").fill("2525");
    await page.getByRole("button", { name: "Save" }).click();
    assert.match((await page.locator("#smtp-port-confirm").textContent()) ?? "", /^Move smtp from port \d+ to 2525\?$/);
    assert.ok((await r.screenshot("setup-smtp-port-warning")) <= 0);
    await page.getByRole("link", { name: /Keep port/ }).click();
    assert.equal(r.server.services.get("smtp").port, r.ports.smtp, "nothing changed");
  });

  test("a port another program holds: the failure and its cause on the row, the log entry with the FAQ hint", async () => {
    const { page } = r;
    const [held] = await freePorts(1);
    const blocker: Server = createServer();
    await new Promise<void>((resolve, reject) => blocker.once("error", reject).listen({ port: held, host: "127.0.0.1" }, () => resolve()));
    try {
      await page.goto(`${r.base}/services/ldap/setup`);
      await page.getByLabel("Port").fill(String(held));
      await page.getByRole("button", { name: "Save" }).click();
      assert.equal(await flash().textContent(), "Saved the basic parameters of ldap.");
      await page.getByRole("button", { name: "Start ldap", exact: true }).click();
      assert.match((await flash().textContent()) ?? "", new RegExp(`ldap was not started: ldap did not start: address in use: 127\\.0\\.0\\.1:${held}`));
      await page.goto(`${r.base}/services`);
      const ldap = row("ldap");
      assert.equal(await ldap.locator("[data-field=status]").textContent(), "failed");
      assert.match((await ldap.locator("[data-field=failure]").textContent()) ?? "", new RegExp(`Did not start: address in use: 127\\.0\\.0\\.1:${held}\\. See the system log.*ss -ltnp 'sport = :${held}'`));
      assert.ok((await r.screenshot("services-failed")) <= 0);
      await ldap.getByRole("link", { name: "See the system log" }).click();
      await page.waitForURL(/\/log\?service=ldap&level=warn$/);
      const entry = page.locator("#log tbody tr").filter({ hasText: "failed to start" }).first();
      assert.match((await entry.textContent()) ?? "", new RegExp(`failed to start on 127\\.0\\.0\\.1:${held}: address in use.*A start failure is usually a port already in use — see which program holds it`));
      assert.ok((await r.screenshot("log-failure")) <= 0);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  test("a form posted from another origin of the same site (which does carry the cookie) is refused", async () => {
    const { page } = r;
    const [port] = await freePorts(1);
    const target = `${r.base}/services/pop3/stop`;
    const evil = `<!DOCTYPE html><title>prize</title><form method="post" action="${target}"><input type="hidden" name="_csrf" value="guess"><button>Claim your prize</button></form>`;
    const rt = await getRuntime();
    const attacker: HttpServer = await rt.serveHttp({ hostname: "127.0.0.1", port: port!, tls: await testCert() }, () => new Response(evil, { headers: { "content-type": "text/html" } }));
    try {
      await page.goto(`https://127.0.0.1:${port}/`);
      await page.getByRole("button", { name: "Claim your prize" }).click();
      await page.waitForURL(target);
      assert.match((await page.locator(".flash").textContent()) ?? "", new RegExp(`Refused: cross-origin form \\(Origin: https://127\\.0\\.0\\.1:${port}\\)\\.`));
      // The same from script on that page, at the API with the cookie: refused too.
      await page.goto(`https://127.0.0.1:${port}/`);
      const status = await page.evaluate(async (url) => {
        try {
          await fetch(url, { method: "POST", credentials: "include", mode: "no-cors" });
          return "sent";
        } catch (e) {
          return String(e);
        }
      }, `${r.base}/api/services/pop3/stop`);
      assert.equal(status, "sent");
      assert.equal(r.server.services.get("pop3").status, "running", "pop3 was not stopped");
      await r.server.log.flush();
      const warned = (await r.server.store.log.query({ service: "admin", level: "warn", limit: 20 })).map((e) => e.message).join("\n");
      assert.match(warned, new RegExp(`console: refused POST /services/pop3/stop from 127\\.0\\.0\\.1: cross-origin form \\(Origin: https://127\\.0\\.0\\.1:${port}\\)`));
    } finally {
      await attacker.close();
      // The attacker page's requests are expected to leave our origin; keep only ours.
      r.external.splice(0, r.external.length, ...r.external.filter((u) => !u.startsWith(`https://127.0.0.1:${port}`)));
      r.errors.splice(0, r.errors.length, ...r.errors.filter((e) => !e.startsWith(`https://127.0.0.1:${port}`)));
    }
  });

  test("dashboard: the charts count new connections without a reload", async () => {
    const { page } = r;
    await page.goto(`${r.base}/dashboard`);
    const before = Number(await page.locator("[data-stat=accepted]").textContent());
    // From three addresses: imap allows 2 connections a minute per address since the test above.
    for (const source of ["127.0.0.6", "127.0.0.7", "127.0.0.8"]) assert.match(await imapClient(r.ports.imap, { source }), /^GREETING/);
    await page.waitForFunction((n) => Number(document.querySelector("[data-stat=accepted]")?.textContent) >= n + 3, before, { timeout: 30_000 });
    const label = (await page.locator('svg[data-id="imap"]').getAttribute("aria-label")) ?? "";
    assert.match(label, /^imap per minute: \d+ accepted/);
    assert.ok(Number(/: (\d+) accepted/.exec(label)![1]) >= 3, label);
    // Drawn by the script: a bar for this minute, none for the empty ones.
    const bars = await page.locator('svg[data-id="imap"] rect.bar-accepted').evaluateAll((rs) => rs.map((r) => Number(r.getAttribute("height"))));
    assert.ok(bars.length >= 1 && bars.every((hgt) => hgt > 0), JSON.stringify(bars));
    assert.ok((await r.screenshot("dashboard-live")) <= 0);
  });

  test("system log: filters, and the live tail shows a new entry without a reload", async () => {
    const { page } = r;
    await page.goto(`${r.base}/log?service=pop3`);
    await page.getByLabel("Live tail: add new entries as they are logged").check();
    r.server.log.warn("pop3", "a line written while the tail is open");
    await page.locator("#log tbody tr").first().filter({ hasText: "a line written while the tail is open" }).waitFor({ timeout: 20_000 });
    await page.getByLabel("Level").selectOption("error");
    await page.getByRole("button", { name: "Show" }).click();
    assert.match(page.url(), /level=error/);
    assert.ok((await r.screenshot("log")) <= 0);
  });

  test("certificates, queue and the TLS tab render; keyboard: skip link first, focus on the content", async () => {
    const { page } = r;
    await visit("/certificates", "certificates");
    assert.match((await page.locator('tr[data-certificate="default"]').textContent()) ?? "", /localhost.*valid.*self-signed/);
    await visit("/queue", "queue");
    await visit("/services/imap/setup/tls", "setup-tls");
    await page.goto(`${r.base}/services`);
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), "Skip to content");
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "main");
  });

  test("every form field on every screen has a label; nothing left the server's origin; no CSP violation or script error", async () => {
    const { page } = r;
    for (const path of ["/dashboard", "/services", "/services/pop3/setup", "/services/pop3/setup/access", "/services/pop3/setup/limits", "/services/pop3/setup/tls", "/log", "/domains", "/users", "/aliases", "/certificates", "/queue"]) {
      await page.goto(`${r.base}${path}`);
      const unlabeled = await page.$$eval("input:not([type=hidden]), select, textarea, button", (els) =>
        els.filter((e) => {
          const f = e as HTMLInputElement;
          const name = (f.labels?.length ?? 0) > 0 || e.getAttribute("aria-label") || (e.tagName === "BUTTON" && e.textContent?.trim());
          return !name;
        }).map((e) => e.outerHTML)
      );
      assert.deepEqual(unlabeled, [], path);
    }
    await page.goto(`${r.base}/login`);
    assert.deepEqual(r.external, []);
    assert.deepEqual(r.errors, []);
  });
});
