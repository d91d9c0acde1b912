import type { Context } from "hono";
import type { Issue } from "../errors.ts";
import type { ConsoleDeps, ConsoleEnv } from "./env.ts";

/** An API answer as the console sees it. */
export interface ApiResult<T = any> {
  status: number;
  ok: boolean;
  body: T;
  /** The API's error text and per-field issues, when it refused. */
  error?: string;
  issues: Issue[];
  headers: Headers;
}

/** Thrown when the API says the session is gone (it expired between the page check and the call). */
export class SessionEnded extends Error {
  override name = "SessionEnded";
}

/**
 * Calls the REST API in-process, as the logged-in administrator (the session token as Bearer), from
 * the browser's own address, so lock-out checks, throttles and the log see the real peer.
 */
export async function callApi<T = any>(
  c: Context<ConsoleEnv>,
  cd: ConsoleDeps,
  method: string,
  path: string,
  body?: unknown,
  o: { auth?: boolean } = {},
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = {};
  const host = c.req.header("host");
  if (host) headers.host = host;
  if (o.auth !== false) headers.authorization = `Bearer ${c.get("session").token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const req = new Request(new URL(path, c.req.url), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const res = await cd.api(req, c.env);
  const text = await res.text();
  let parsed: any = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = { error: text };
  }
  if (res.status === 401 && o.auth !== false) throw new SessionEnded("the session ended");
  const ok = res.status < 400;
  return {
    status: res.status,
    ok,
    body: parsed,
    ...(ok ? {} : { error: String(parsed?.error ?? `HTTP ${res.status}`) }),
    issues: ok ? [] : Array.isArray(parsed?.issues) ? parsed.issues : [],
    headers: res.headers,
  };
}

/** `path?k=v&…` without the empty values. */
export function withQuery(path: string, q: Record<string, string | number | boolean | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== "") p.set(k, String(v));
  const s = p.toString();
  return s ? `${path}?${s}` : path;
}
