/** @jsxImportSource hono/jsx */
import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { ASSET_PATHS } from "../assets/routes.ts";
import type { Flash } from "../flash.ts";
import { Csrf, FlashBox } from "./parts.tsx";

/** The console's screens, in menu order. */
export const SCREENS = [
  { id: "dashboard", path: "/dashboard", label: "Dashboard" },
  { id: "services", path: "/services", label: "Services" },
  { id: "log", path: "/log", label: "System log" },
  { id: "domains", path: "/domains", label: "Domains" },
  { id: "users", path: "/users", label: "Users" },
  { id: "aliases", path: "/aliases", label: "Aliases" },
  { id: "certificates", path: "/certificates", label: "Certificates" },
  { id: "queue", path: "/queue", label: "Queue" },
] as const;

export type ScreenId = (typeof SCREENS)[number]["id"] | "login" | "error";

export interface PageProps {
  title: string;
  screen: ScreenId;
  /** Absent on the login and error pages. */
  session?: { admin: string; csrf: string };
  flash?: Flash;
  children?: Child;
}

/** The HTML document around every console screen. */
export const Page = (p: PageProps) => (
  <>
  {raw("<!DOCTYPE html>")}
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="referrer" content="same-origin" />
      <title>{`${p.title} · wrenmail admin`}</title>
      <link rel="icon" type="image/svg+xml" href={ASSET_PATHS.icon} />
      <link rel="stylesheet" href={ASSET_PATHS.css} />
      <script src={ASSET_PATHS.js} defer></script>
    </head>
    <body data-screen={p.screen}>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href={p.session ? "/dashboard" : "/login"}>
          wrenmail <span>admin</span>
        </a>
        {p.session ? (
          <nav aria-label="Main">
            <ul>
              {SCREENS.map((s) => (
                <li>
                  <a href={s.path} aria-current={s.id === p.screen ? "page" : undefined}>
                    {s.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        {p.session ? (
          <form method="post" action="/logout" class="logout">
            <Csrf token={p.session.csrf} />
            <button type="submit" class="btn btn-plain">
              Log out <span class="who">{p.session.admin}</span>
            </button>
          </form>
        ) : null}
      </header>
      <main id="main" tabindex={-1}>
        <h1>{p.title}</h1>
        <FlashBox flash={p.flash} />
        {p.children}
      </main>
    </body>
  </html>
  </>
);
