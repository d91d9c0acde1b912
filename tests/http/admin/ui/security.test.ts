/**
 * The console's defences, in process: CSP and framing headers on every screen, no inline script
 * or style anywhere, sessions (login, new id, logout), and every way a cross-site or stale form
 * is refused — and logged.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { SESSION_COOKIE } from "../../../../src/http/admin/mod.ts";
import { CONTENT_SECURITY_POLICY } from "../../../../src/http/admin/ui/headers.ts";
import { SCREENS } from "../../../../src/http/admin/ui/views/layout.tsx";
import { harness, PASSWORD, type Harness } from "../harness.ts";
import { FormBrowser, ORIGIN, tokenIn } from "./browser.ts";

describe("admin console: security", () => {
  let h: Harness;
  let b: FormBrowser;
  before(async () => {
    h = await harness({ start: ["pop3"] });
    b = new FormBrowser(h);
    const r = await b.login("admin", PASSWORD);
    assert.equal(r.status, 200);
  });
  after(() => h.close());

  const warnings = async () => {
    await h.log.flush();
    return (await h.store.log.query({ level: "warn", service: "admin", limit: 20 })).map((e) => e.message);
  };

  test("every screen: strict CSP, no framing, nosniff, not cached; no inline script, style or handler in the HTML", async () => {
    assert.match(CONTENT_SECURITY_POLICY, /default-src 'self'/);
    assert.match(CONTENT_SECURITY_POLICY, /script-src 'self'(;|$)/);
    assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-inline|unsafe-eval|http:|https:|\*/);
    const paths = [...SCREENS.map((s) => s.path), "/login", "/services/imap/setup", "/services/imap/setup/access", "/services/imap/setup/limits", "/services/imap/setup/tls", "/nowhere"];
    for (const p of paths) {
      const r = await b.request("GET", p);
      assert.equal(r.headers.get("content-security-policy"), CONTENT_SECURITY_POLICY, p);
      assert.match(CONTENT_SECURITY_POLICY, /frame-ancestors 'none'/);
      assert.equal(r.headers.get("x-frame-options"), "DENY", p);
      assert.equal(r.headers.get("x-content-type-options"), "nosniff", p);
      assert.equal(r.headers.get("cache-control"), "no-store", p);
      assert.ok(r.status === 200 || (p === "/login" && r.status === 303) || (p === "/nowhere" && r.status === 404), `${p}: ${r.status}`);
      assert.doesNotMatch(r.html, /<script(?![^>]*\ssrc=)[^>]*>/, `${p}: inline script`);
      assert.doesNotMatch(r.html, /\sstyle=|<style/, `${p}: inline style`);
      assert.doesNotMatch(r.html, /\son[a-z]+=/, `${p}: inline event handler`);
      assert.doesNotMatch(r.html, /https?:\/\/(?!www\.w3\.org)/, `${p}: an external URL`);
    }
  });

  test("assets: the right types, versioned URLs cached for good, plain ones revalidated; the script parses", async () => {
    const page = await b.get("/dashboard");
    const css = /href="(\/assets\/console\.css\?v=[0-9a-f]{8})"/.exec(page.html)![1]!;
    const js = /src="(\/assets\/console\.js\?v=[0-9a-f]{8})"/.exec(page.html)![1]!;
    const rc = await b.request("GET", css);
    assert.equal(rc.headers.get("content-type"), "text/css; charset=utf-8");
    assert.match(rc.headers.get("cache-control")!, /immutable/);
    const rj = await b.request("GET", js);
    assert.equal(rj.headers.get("content-type"), "text/javascript; charset=utf-8");
    assert.doesNotThrow(() => new Function(rj.html), "the script is valid JavaScript");
    assert.doesNotMatch(rj.html, /innerHTML|eval\(|new Function/);
    assert.equal((await b.request("GET", "/assets/console.js")).headers.get("cache-control"), "no-cache");
    const again = await b.request("GET", js, { headers: { "if-none-match": rj.headers.get("etag")! } });
    assert.equal(again.status, 304);
  });

  test("without a session every screen redirects to the login page, which comes back there afterwards", async () => {
    const anon = new FormBrowser(h);
    const r = await anon.request("GET", "/services/pop3/setup/access");
    assert.equal(r.status, 303);
    assert.equal(r.headers.get("location"), "/login?next=%2Fservices%2Fpop3%2Fsetup%2Faccess");
    const form = await anon.get(r.headers.get("location")!);
    assert.match(form.html, /name="next" value="\/services\/pop3\/setup\/access"/);
    const done = await anon.request("POST", "/login", { form: { _csrf: tokenIn(form.html), name: "admin", password: PASSWORD, next: "/services/pop3/setup/access" } });
    assert.equal(done.status, 303);
    assert.equal(done.headers.get("location"), "/services/pop3/setup/access");
    // Not to another site, however the link was made.
    for (const next of ["//evil.test/x", "https://evil.test/", "/\\evil.test", "javascript:alert(1)"]) {
      const other = new FormBrowser(h);
      const f = await other.get(`/login?next=${encodeURIComponent(next)}`);
      const res = await other.request("POST", "/login", { form: { _csrf: tokenIn(f.html), name: "admin", password: PASSWORD, next } });
      assert.equal(res.headers.get("location"), "/dashboard", next);
    }
    assert.equal((await new FormBrowser(h).request("POST", "/services/pop3/stop", { form: {} })).headers.get("location"), "/login");
    assert.equal(h.services.get("pop3").status, "running");
  });

  test("login: a wrong password is shown on the form (401); the login form needs its own token and our Origin; a new session id each time", async () => {
    const c = new FormBrowser(h);
    const f = await c.get("/login");
    const wrong = await c.request("POST", "/login", { form: { _csrf: tokenIn(f.html), name: "admin", password: "wrong" } });
    assert.equal(wrong.status, 401);
    assert.match(wrong.html, /Wrong administrator name or password\./);
    assert.match(wrong.html, /value="admin"/, "the name is kept");
    assert.doesNotMatch(wrong.html, /value="wrong"/, "the password is not");
    const noToken = await c.request("POST", "/login", { form: { name: "admin", password: PASSWORD } });
    assert.equal(noToken.status, 403);
    assert.equal(c.cookies.has(SESSION_COOKIE), false);
    const f2 = await c.get("/login");
    const foreign = await c.request("POST", "/login", { form: { _csrf: tokenIn(f2.html), name: "admin", password: PASSWORD }, headers: { origin: "https://evil.test" } });
    assert.equal(foreign.status, 403);
    assert.equal(c.cookies.has(SESSION_COOKIE), false);
    const ws = await warnings();
    assert.ok(ws.some((m) => /console: refused login form from 127\.0\.0\.1: .*Origin: https:\/\/evil\.test/.test(m)), ws.join("\n"));

    const f3 = await c.get("/login");
    const nonce = tokenIn(f3.html);
    const first = await c.request("POST", "/login", { form: { _csrf: nonce, name: "admin", password: PASSWORD } });
    assert.equal(first.status, 303);
    const t1 = c.cookies.get(SESSION_COOKIE)!;
    // A second login from the same browser (the login form was open in another tab).
    c.cookies.set("__Host-wrenmail_login", nonce);
    assert.equal((await c.request("POST", "/login", { form: { _csrf: nonce, name: "admin", password: PASSWORD } })).status, 303);
    const t2 = c.cookies.get(SESSION_COOKIE)!;
    assert.notEqual(t1, t2, "a new session id at login");
    assert.equal((await h.call("GET", "/api/services", { token: t1 })).status, 401, "the old session ended");
    assert.equal((await h.call("GET", "/api/services", { token: t2 })).status, 200);
  });

  test("a form from another origin is refused (403, logged) even with a valid token; so is one without the token", async () => {
    const token = await b.csrf();
    const cross = await b.request("POST", "/services/pop3/stop", { form: { _csrf: token }, headers: { origin: "https://evil.test" } });
    assert.equal(cross.status, 403);
    assert.match(cross.html, /Refused: cross-origin form/);
    const noOrigin = await b.request("POST", "/services/pop3/stop", { form: { _csrf: token }, headers: { origin: "null" } });
    assert.equal(noOrigin.status, 403);
    const noToken = await b.request("POST", "/services/pop3/stop", { form: {} });
    assert.equal(noToken.status, 403);
    assert.match(noToken.html, /CSRF/);
    const otherSession = new FormBrowser(h);
    await otherSession.login("admin", PASSWORD);
    const stolen = await b.request("POST", "/services/pop3/stop", { form: { _csrf: await otherSession.csrf() } });
    assert.equal(stolen.status, 403, "a token is only good for its own session");
    assert.equal(h.services.get("pop3").status, "running", "nothing was done");
    const big = await b.request("POST", "/services/pop3/stop", { form: { _csrf: token, pad: "x".repeat(300 * 1024) } });
    assert.equal(big.status, 403);
    assert.match(big.html, /larger than 256 KiB/);
    // Streamed without a Content-Length: cut off at the limit all the same.
    const chunk = new TextEncoder().encode(`_csrf=${token}&pad=${"x".repeat(64 * 1024)}`);
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(ctl) {
        sent += chunk.byteLength;
        if (sent > 10 * 1024 * 1024) ctl.close();
        else ctl.enqueue(chunk);
      },
    });
    const streamed = await b.request("POST", "/services/pop3/stop", { body: endless, headers: { "content-type": "application/x-www-form-urlencoded" } });
    assert.equal(streamed.status, 403);
    assert.ok(sent < 1024 * 1024, `read ${sent} bytes before refusing`);
    const broken = await b.request("POST", "/services/pop3/stop", { body: "garbage", headers: { "content-type": "multipart/form-data" } });
    assert.equal(broken.status, 403);
    const ws = await warnings();
    assert.ok(ws.some((m) => /console: refused POST \/services\/pop3\/stop from 127\.0\.0\.1: cross-origin form \(Origin: https:\/\/evil\.test\)/.test(m)), ws.join("\n"));
    assert.ok(ws.some((m) => /missing or wrong form token/.test(m)));
    // The same request with the right origin and token does stop it.
    const ok = await b.request("POST", "/services/pop3/stop", { form: { _csrf: token, back: "/services" } });
    assert.equal(ok.status, 303);
    assert.equal(h.services.get("pop3").status, "stopped");
    await b.request("POST", "/services/pop3/start", { form: { _csrf: token } });
    assert.equal(h.services.get("pop3").status, "running");
  });

  test("logout ends the session and clears the cookie; the API is untouched by the console (JSON 404 for unknown API paths)", async () => {
    const c = new FormBrowser(h);
    await c.login("admin", PASSWORD);
    const token = c.cookies.get(SESSION_COOKIE)!;
    const out = await c.post("/logout", {});
    assert.equal(out.status, 200);
    assert.match(out.html, /You are logged out\./);
    assert.equal(c.cookies.has(SESSION_COOKIE), false);
    assert.equal((await h.call("GET", "/api/services", { token })).status, 401);
    const api = await h.call("GET", "/api/nowhere");
    assert.equal(api.status, 404);
    assert.match(api.body.error, /no such endpoint/);
    assert.equal(api.headers.get("content-security-policy"), null);
    const page = await new FormBrowser(h).request("GET", "/");
    assert.equal(page.headers.get("location"), "/login");
    assert.equal(ORIGIN.startsWith("https://"), true);
  });
});
