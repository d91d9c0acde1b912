import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { SESSION_COOKIE } from "../auth.ts";
import { hashToken } from "../sessions.ts";
import { csrfToken, sameToken } from "./csrf.ts";
import type { ConsoleDeps, ConsoleEnv, FormBody } from "./env.ts";
import { fromOwnOrigin, peerAddress } from "./peer.ts";

/** Largest form the console accepts: a certificate upload (two PEM texts of at most 64 KiB) fits. */
export const FORM_LIMIT = 256 * 1024;

/** The field every console form carries its CSRF token in. */
export const CSRF_FIELD = "_csrf";

/** Why a posted form was refused before it was looked at; shown on a 403 page and logged. */
export class FormRefused extends Error {
  override name = "FormRefused";
}

/** Reads a posted form (urlencoded or multipart) within {@link FORM_LIMIT}; null when too large. */
export async function readForm(c: Context): Promise<FormBody | null> {
  const declared = Number(c.req.header("content-length") ?? "0");
  if (declared > FORM_LIMIT) return null;
  const type = c.req.header("content-type") ?? "";
  const buf = await readAtMost(c.req.raw.body, FORM_LIMIT);
  if (!buf) return null;
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) return {};
  let fd: FormData;
  try {
    fd = await new Response(buf, { headers: { "content-type": type } }).formData();
  } catch {
    // Malformed (a multipart body without its boundary): no fields, so no token, so refused.
    return {};
  }
  const out: FormBody = {};
  for (const [k, v] of fd.entries()) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/**
 * The body's bytes, or null as soon as it passes `limit`: a body sent without Content-Length (or
 * with a false one) is cut off there, never buffered whole.
 */
async function readAtMost(body: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    parts.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/**
 * Every console page except login and the assets: a session cookie is required (else a redirect to
 * the login page that comes back here afterwards). A POST must also come from this server's own
 * pages — its Origin header names this server and its form carries the session's CSRF token — or
 * it is refused (403) and logged before anything is done.
 */
export function requireConsoleSession(cd: ConsoleDeps): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    const session = token ? await cd.sessions.touch(await hashToken(token)) : undefined;
    if (!token || !session) {
      const url = new URL(c.req.url);
      const back = c.req.method === "GET" ? `${url.pathname}${url.search}` : "";
      return c.redirect(back && back !== "/" ? `/login?next=${encodeURIComponent(back)}` : "/login", 303);
    }
    const csrf = await csrfToken(token);
    c.set("session", { admin: session.admin, token, csrf });
    if (c.req.method === "POST") {
      const refuse = (why: string) => {
        cd.deps.log.warn("admin", `console: refused ${c.req.method} ${new URL(c.req.url).pathname} from ${peerAddress(c)}: ${why}`, { ip: peerAddress(c), actor: session.admin });
        throw new FormRefused(why);
      };
      if (!fromOwnOrigin(c, cd.deps.allowedOrigins)) refuse(`cross-origin form (Origin: ${c.req.header("origin") ?? "none"})`);
      const form = await readForm(c);
      if (!form) refuse(`the form is larger than ${FORM_LIMIT / 1024} KiB`);
      const sent = form![CSRF_FIELD];
      if (typeof sent !== "string" || !sameToken(sent, csrf)) refuse("missing or wrong form token (CSRF); reload the page and try again");
      c.set("form", form!);
    }
    await next();
  };
}
