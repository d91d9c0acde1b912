import { Hono } from "hono";
import { CONSOLE_CSS } from "./style.ts";
import { CONSOLE_JS } from "./script.ts";

// FNV-1a: a content version for the asset URLs, computed without async crypto at module load.
function version(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

/** A small envelope; also served at /favicon.ico, which browsers ask for on their own. */
const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect x="2" y="6" width="28" height="20" rx="3" fill="#0b5cad"/><path d="M3 8l13 10 13-10" fill="none" stroke="#fff" stroke-width="2.5"/></svg>`;

const ASSETS = {
  css: { path: "/assets/console.css", body: CONSOLE_CSS, type: "text/css; charset=utf-8" },
  js: { path: "/assets/console.js", body: CONSOLE_JS, type: "text/javascript; charset=utf-8" },
  icon: { path: "/assets/favicon.svg", body: FAVICON, type: "image/svg+xml" },
  ico: { path: "/favicon.ico", body: FAVICON, type: "image/svg+xml" },
};

/** Asset URLs with their content version, so a new release is never served from a stale cache. */
export const ASSET_PATHS = {
  css: `${ASSETS.css.path}?v=${version(CONSOLE_CSS)}`,
  js: `${ASSETS.js.path}?v=${version(CONSOLE_JS)}`,
  icon: `${ASSETS.icon.path}?v=${version(FAVICON)}`,
};

/**
 * The stylesheet and script, served from strings compiled into the program: no files to find at run
 * time, so they work from the single binary and on an edge host. Public (no session needed): they
 * hold nothing secret, and the login page needs them. The favicon matters more than it looks: a
 * browser fetches /favicon.ico by itself, and behind the login redirect that fetch would renew the
 * login form's token under the administrator's feet.
 */
export function assetRoutes(): Hono {
  const app = new Hono();
  for (const a of Object.values(ASSETS)) {
    const tag = `"${version(a.body)}"`;
    app.get(a.path, (c) => {
      const fresh = c.req.query("v") === tag.slice(1, -1);
      const headers = {
        "content-type": a.type,
        etag: tag,
        // A versioned URL never changes; an unversioned one is checked every time.
        "cache-control": fresh ? "public, max-age=31536000, immutable" : "no-cache",
      };
      if (c.req.header("if-none-match") === tag) return c.body(null, 304, headers);
      return c.body(a.body, 200, headers);
    });
  }
  return app;
}
