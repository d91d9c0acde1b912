/**
 * CSRF tokens for the console's forms. A form can be posted to us from any site, and the browser
 * attaches the session cookie when SameSite is not honoured (old browsers, some proxies), so every
 * state-changing form carries a token an attacker cannot know, besides the Origin check.
 *
 * The token is derived from the session token itself (which only the browser holds, in an HttpOnly
 * cookie): stateless, valid exactly as long as the session, different for every session, and the
 * same in every process that shares the sessions. Different from the token's stored hash, so
 * nothing the server keeps can be turned into a form token.
 *
 * @module
 */

const enc = new TextEncoder();

function base64url(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The form token of the session whose token is `sessionToken`. */
export async function csrfToken(sessionToken: string): Promise<string> {
  const d = await crypto.subtle.digest("SHA-256", enc.encode(`wrenmail console csrf\0${sessionToken}`));
  return base64url(new Uint8Array(d));
}

/** Compares without an early exit, so timing does not reveal how much of a guess was right. */
export function sameToken(a: string, b: string): boolean {
  if (a.length !== b.length || a.length === 0) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** A random token for the login form (before there is a session): 32 bytes, base64url. */
export function randomNonce(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}
