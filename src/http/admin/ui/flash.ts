import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";

/** A message shown once on the next page after a change (post, redirect, get). */
export interface Flash {
  kind: "ok" | "error" | "warn";
  text: string;
  /** Extra lines: the API's warnings. */
  notes?: string[];
}

const COOKIE = "__Host-wrenmail_flash";
// Browsers keep about 4 KB per cookie; the text is cut well below that.
const MAX_TEXT = 600;

function encode(f: Flash): string {
  const cut = (s: string) => (s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT)}…` : s);
  const small: Flash = { kind: f.kind, text: cut(f.text), ...(f.notes?.length ? { notes: f.notes.slice(0, 4).map(cut) } : {}) };
  let bin = "";
  for (const b of new TextEncoder().encode(JSON.stringify(small))) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function decode(s: string): Flash | undefined {
  try {
    const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
    const f = JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (ch) => ch.charCodeAt(0))));
    if (!f || typeof f.text !== "string" || !["ok", "error", "warn"].includes(f.kind)) return undefined;
    return { kind: f.kind, text: f.text, ...(Array.isArray(f.notes) ? { notes: f.notes.filter((n: unknown) => typeof n === "string") } : {}) };
  } catch {
    return undefined;
  }
}

/** Keeps `f` for the next page this browser loads (within a minute). */
export function setFlash(c: Context, f: Flash): void {
  setCookie(c, COOKIE, encode(f), { httpOnly: true, secure: true, sameSite: "Strict", path: "/", maxAge: 60 });
}

/** The waiting message, if any; it is shown once. */
export function takeFlash(c: Context): Flash | undefined {
  const raw = getCookie(c, COOKIE);
  if (!raw) return undefined;
  deleteCookie(c, COOKIE, { path: "/", secure: true });
  return decode(raw);
}
