import type { MiddlewareHandler } from "hono";

/**
 * The console's Content-Security-Policy: everything from this origin only, no inline script or
 * style (the script and stylesheet are served from /assets), no plugins, no framing, forms post
 * only here. Charts are SVG built by our script through the DOM, which CSP does not restrict.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** Headers on every console response (pages, assets, errors). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": CONTENT_SECURITY_POLICY,
  // For browsers older than frame-ancestors.
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  // Page URLs carry filters and addresses; nothing about them should leave for another site.
  "referrer-policy": "same-origin",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
};

/** Sets {@link SECURITY_HEADERS}; pages are never cached (they show live state and a CSRF token). */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(k, v);
    if (!c.res.headers.has("cache-control")) c.res.headers.set("cache-control", "no-store");
  };
}
