/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import { callApi, withQuery } from "../api-client.ts";
import type { ConsoleDeps, ConsoleEnv } from "../env.ts";
import { takeFlash } from "../flash.ts";
import { type LogEntryView, type LogFilter, LogView } from "../views/log.tsx";
import { shell } from "./respond.ts";

/** A date-time field's value (`2026-01-31T12:00`) is UTC here, as the log shows its times. */
function utc(v: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(v) ? `${v}Z` : v;
}

/** `GET /log`: the filters are passed to `/api/log` as they are, so its checks name the bad field. */
export function logRoutes(cd: ConsoleDeps): Hono<ConsoleEnv> {
  return new Hono<ConsoleEnv>().get("/log", async (c) => {
    const q = (k: string) => c.req.query(k) ?? "";
    const filter: LogFilter = { service: q("service"), level: q("level"), since: q("since"), until: q("until"), limit: q("limit") || "100" };
    const r = await callApi<{ entries: LogEntryView[] }>(
      c,
      cd,
      "GET",
      withQuery("/api/log", { service: filter.service, level: filter.level, since: utc(filter.since), until: utc(filter.until), limit: filter.limit }),
    );
    const entries = r.ok ? r.body.entries : [];
    return c.html(<LogView entries={entries} filter={filter} error={r.error} issues={r.issues} session={shell(c)} flash={takeFlash(c)} />, r.ok ? 200 : 400);
  });
}
