/** @jsxImportSource hono/jsx */
import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { SessionEnded } from "../api-client.ts";
import type { ConsoleDeps, ConsoleEnv } from "../env.ts";
import { FormRefused } from "../guard.ts";
import { peerAddress } from "../peer.ts";
import { ErrorView } from "../views/error.tsx";

const sessionOf = (c: Context<ConsoleEnv>) => {
  const s = c.get("session") as ConsoleEnv["Variables"]["session"] | undefined;
  return s ? { admin: s.admin, csrf: s.csrf } : undefined;
};

/**
 * The console's error pages: a session that ended mid-request goes to the login page, a refused
 * form (wrong origin, CSRF token, too large; already logged) gets 403, anything else is logged
 * with its stack and shown as a plain 500 with no internals.
 */
export function consoleErrors(cd: ConsoleDeps): ErrorHandler<ConsoleEnv> {
  return (err, c) => {
    if (err instanceof SessionEnded) return c.redirect("/login", 303);
    if (err instanceof FormRefused) return c.html(<ErrorView title="Request refused" message={`Refused: ${err.message}.`} session={sessionOf(c)} />, 403);
    cd.deps.log.error("admin", `console ${c.req.method} ${new URL(c.req.url).pathname} from ${peerAddress(c)} failed: ${err.stack ?? String(err)}`);
    return c.html(<ErrorView title="Something went wrong" message="The page could not be shown; the cause is in the system log." session={sessionOf(c)} />, 500);
  };
}

export const consoleNotFound: NotFoundHandler<ConsoleEnv> = (c) =>
  c.html(<ErrorView title="Not found" message={`There is no page at ${new URL(c.req.url).pathname}.`} session={sessionOf(c)} />, 404);
