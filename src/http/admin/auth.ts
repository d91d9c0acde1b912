/**
 * Administrator authentication: login and logout, and the middleware every other `/api/*` route
 * sits behind.
 *
 * A request is authenticated by `Authorization: Bearer <token>` (a session token from
 * `POST /api/login`, or the server's CLI token), or by the session cookie the login also sets for
 * the browser console. Cookie-authenticated changes (anything but GET/HEAD/OPTIONS) must carry an
 * `Origin` of this very server: the cookie is SameSite=Strict already, and the Origin check also
 * covers browsers and proxies that mishandle SameSite. Bearer requests need no such check, since a
 * browser never adds that header to a cross-site request by itself.
 *
 * @module
 */
import { type Context, Hono, type MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import * as v from "valibot";
import type { AdminDeps, AdminEnv, Caller } from "./deps.ts";
import { ApiError, readJson, validateSecret } from "./errors.ts";
import { hashToken, type SessionStore } from "./sessions.ts";
import type { LoginThrottle } from "./throttle.ts";

/** The session cookie's name; the `__Host-` prefix pins it to this host, path / and HTTPS. */
export const SESSION_COOKIE = "__Host-wrenmail_session";

/** Body of `POST /api/login`. */
export const LoginSchema = v.strictObject(
  {
    name: v.pipe(v.string("expected the administrator name as a string"), v.minLength(1, "expected a non-empty name"), v.maxLength(64, "expected at most 64 characters")),
    password: v.pipe(v.string("expected the password as a string"), v.minLength(1, "expected a non-empty password"), v.maxLength(1024, "expected at most 1024 characters")),
  },
  "expected a JSON object with name and password",
);

/** The address the request came from, as the hosting server reported it. */
export function remoteAddress(c: Context<AdminEnv>): string {
  return c.env?.remote?.address ?? "unknown";
}

/** Whether the request's Origin is this server (its Host) or one of `allowed`. */
export function originAllowed(c: Context<AdminEnv>, allowed: readonly string[] = []): boolean {
  const origin = c.req.header("origin");
  if (!origin || origin === "null") return false;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === (c.req.header("host") ?? new URL(c.req.url).host);
  } catch {
    return false;
  }
}

/** `POST /login`, served without authentication. */
export function loginRoutes(deps: AdminDeps, sessions: SessionStore, throttle: LoginThrottle, ttlSeconds: number): Hono<AdminEnv> {
  return new Hono<AdminEnv>().post("/login", async (c) => {
    // A cross-site page must not be able to log a browser in, even to an account it knows.
    if (c.req.header("origin") && !originAllowed(c, deps.allowedOrigins)) throw new ApiError(403, "cross-origin login refused");
    const { name, password } = validateSecret(LoginSchema, await readJson(c), ["name", "password"]);
    const ip = remoteAddress(c);
    const shown = JSON.stringify(name);
    const attempt = throttle.begin(ip, name);
    if ("retryAfter" in attempt) {
      deps.log.warn("admin", `login refused for ${shown} from ${ip}: too many failed logins`, { ip, name });
      throw new ApiError(429, `too many failed logins; try again in ${attempt.retryAfter} s`, { headers: { "retry-after": String(attempt.retryAfter) } });
    }
    let admin;
    try {
      admin = await deps.store.admins.verify(name, password);
    } catch (err) {
      attempt.failed();
      throw err;
    }
    if (!admin) {
      attempt.failed();
      deps.log.warn("admin", `failed login for ${shown} from ${ip}`, { ip, name });
      throw new ApiError(401, "wrong administrator name or password");
    }
    attempt.succeeded();
    const { token, expiresAt } = await sessions.create(admin.name);
    setCookie(c, SESSION_COOKIE, token, { httpOnly: true, secure: true, sameSite: "Strict", path: "/", maxAge: ttlSeconds });
    deps.log.info("admin", `${admin.name} logged in from ${ip}`, { actor: admin.name, ip });
    return c.json({ token, admin: admin.name, expiresAt: new Date(expiresAt).toISOString() });
  });
}

/** `POST /logout`, behind {@link requireAuth}: ends the calling session and clears the cookie. */
export function logoutRoutes(deps: AdminDeps, sessions: SessionStore): Hono<AdminEnv> {
  return new Hono<AdminEnv>().post("/logout", async (c) => {
    const caller = c.get("caller");
    if (caller.kind === "session") {
      await sessions.delete(caller.tokenHash);
      deps.log.info("admin", `${caller.actor} logged out`, { actor: caller.actor });
    }
    deleteCookie(c, SESSION_COOKIE, { path: "/", secure: true });
    return c.body(null, 204);
  });
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Refuses (401) a request that is not from a logged-in administrator or the CLI. */
export function requireAuth(deps: AdminDeps, sessions: SessionStore): MiddlewareHandler<AdminEnv> {
  const cliHash = deps.cliToken ? hashToken(deps.cliToken) : undefined;
  const challenge = { "www-authenticate": 'Bearer realm="wrenmail"' };
  return async (c, next) => {
    let caller: Caller | undefined;
    const header = c.req.header("authorization");
    if (header !== undefined) {
      const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
      if (!m) throw new ApiError(401, "expected Authorization: Bearer <token>", { headers: challenge });
      const hash = await hashToken(m[1]!);
      if (cliHash && equalHex(hash, await cliHash)) caller = { kind: "cli", actor: "cli" };
      else {
        const s = await sessions.touch(hash);
        if (s) caller = { kind: "session", actor: s.admin, tokenHash: hash, viaCookie: false };
      }
      if (!caller) throw new ApiError(401, "the token is invalid or has expired; log in again", { headers: challenge });
    } else {
      const token = getCookie(c, SESSION_COOKIE);
      const hash = token ? await hashToken(token) : undefined;
      const s = hash ? await sessions.touch(hash) : undefined;
      if (!s || !hash) throw new ApiError(401, "authentication required: log in with POST /api/login, then send Authorization: Bearer <token>", { headers: challenge });
      if (UNSAFE.has(c.req.method) && !originAllowed(c, deps.allowedOrigins)) {
        throw new ApiError(403, "cross-origin request refused: a change made with the session cookie must come with this server's Origin");
      }
      caller = { kind: "session", actor: s.admin, tokenHash: hash, viaCookie: true };
    }
    c.set("caller", caller);
    await next();
  };
}

/** Compares two equal-length hex digests without an early exit. */
function equalHex(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
