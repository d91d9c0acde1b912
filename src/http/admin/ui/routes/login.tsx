/** @jsxImportSource hono/jsx */
import { Hono, type Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { SESSION_COOKIE } from "../../auth.ts";
import { hashToken } from "../../sessions.ts";
import { randomNonce, sameToken } from "../csrf.ts";
import type { ConsoleDeps, ConsoleEnv } from "../env.ts";
import { setFlash, takeFlash } from "../flash.ts";
import { localPath, text } from "../form.ts";
import { CSRF_FIELD, readForm } from "../guard.ts";
import { fromOwnOrigin, peerAddress } from "../peer.ts";
import { LoginView } from "../views/login.tsx";

/** Holds the login form's CSRF nonce (there is no session to derive one from yet). */
const LOGIN_COOKIE = "__Host-wrenmail_login";

/**
 * `GET|POST /login` and the session-less side of logging in. The password check, the failed-login
 * throttle, the log lines and the new session all come from `POST /api/login`; this page adds the
 * form, its CSRF check, and a redirect back to where the administrator was going.
 */
export function loginRoutes(cd: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();

  const show = (c: Context<ConsoleEnv>, o: { name?: string; next?: string; error?: string; status?: 200 | 400 | 401 | 403 | 413 | 429 }) => {
    // One token per browser while it is on the login page, so two open login tabs both work.
    const held = getCookie(c, LOGIN_COOKIE) ?? "";
    const nonce = /^[A-Za-z0-9_-]{43}$/.test(held) ? held : randomNonce();
    setCookie(c, LOGIN_COOKIE, nonce, { httpOnly: true, secure: true, sameSite: "Strict", path: "/", maxAge: 3600 });
    return c.html(<LoginView nonce={nonce} name={o.name} next={o.next} error={o.error} flash={takeFlash(c)} />, o.status ?? 200);
  };

  app.get("/login", async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    const next = localPath(c.req.query("next"), "");
    if (token && (await cd.sessions.touch(await hashToken(token)))) return c.redirect(next || "/dashboard", 303);
    return show(c, { next });
  });

  app.post("/login", async (c) => {
    const refuse = (why: string, status: 403 | 413, name?: string) => {
      cd.deps.log.warn("admin", `console: refused login form from ${peerAddress(c)}: ${why}`, { ip: peerAddress(c) });
      return show(c, { name, error: `Login refused: ${why}`, status });
    };
    // Unlike other forms a login may come without a cookie; it must still come from our own page.
    if (!fromOwnOrigin(c, cd.deps.allowedOrigins)) return refuse(`the form was not sent from this server's login page (Origin: ${c.req.header("origin") ?? "none"})`, 403);
    const form = await readForm(c);
    if (!form) return refuse("the form is too large", 413);
    const name = text(form, "name");
    const next = localPath(text(form, "next"), "/dashboard");
    const nonce = getCookie(c, LOGIN_COOKIE) ?? "";
    if (!sameToken(text(form, CSRF_FIELD), nonce)) return refuse("the login form expired or was not sent from this server's page; please try again", 403, name);

    const res = await cd.api(
      new Request(new URL("/api/login", c.req.url), {
        method: "POST",
        headers: { "content-type": "application/json", ...(c.req.header("host") ? { host: c.req.header("host")! } : {}) },
        body: JSON.stringify({ name, password: text(form, "password") }),
      }),
      c.env,
    );
    const body = (await res.json().catch(() => ({}))) as { error?: string; token?: string; issues?: { path: string; message: string }[] };
    if (res.status !== 200 || !body.token) {
      const status = res.status === 429 ? 429 : res.status === 400 ? 400 : 401;
      const error = res.status === 400 ? "Enter the administrator name and the password." : body.error ? `${body.error[0]!.toUpperCase()}${body.error.slice(1)}.` : "Login failed.";
      return show(c, { name, next: next === "/dashboard" ? undefined : next, error, status });
    }
    // A session that was open in this browser ends now: the login made a new one (new id).
    const old = getCookie(c, SESSION_COOKIE);
    if (old) await cd.sessions.delete(await hashToken(old));
    const cookie = res.headers.get("set-cookie");
    if (cookie) c.header("set-cookie", cookie, { append: true });
    deleteCookie(c, LOGIN_COOKIE, { path: "/", secure: true });
    return c.redirect(next, 303);
  });

  return app;
}

/** `POST /logout` (behind the session guard): ends the session through the API and clears the cookie. */
export function logoutRoutes(cd: ConsoleDeps): Hono<ConsoleEnv> {
  return new Hono<ConsoleEnv>().post("/logout", async (c) => {
    const res = await cd.api(
      new Request(new URL("/api/logout", c.req.url), { method: "POST", headers: { authorization: `Bearer ${c.get("session").token}` } }),
      c.env,
    );
    const cookie = res.headers.get("set-cookie");
    if (cookie) c.header("set-cookie", cookie, { append: true });
    setFlash(c, { kind: "ok", text: "You are logged out." });
    return c.redirect("/login", 303);
  });
}
