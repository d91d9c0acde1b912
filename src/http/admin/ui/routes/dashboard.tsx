/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import { callApi } from "../api-client.ts";
import type { ConsoleDeps, ConsoleEnv } from "../env.ts";
import { takeFlash } from "../flash.ts";
import { DashboardView, type RecentEntry, type Stats } from "../views/dashboard.tsx";
import { shell } from "./respond.ts";

/** `GET /dashboard`: first paint from `/api/stats`, which the script then polls. */
export function dashboardRoutes(cd: ConsoleDeps): Hono<ConsoleEnv> {
  return new Hono<ConsoleEnv>().get("/dashboard", async (c) => {
    const stats = await callApi<Stats>(c, cd, "GET", "/api/stats?minutes=30");
    const recent = await callApi<{ entries: RecentEntry[] }>(c, cd, "GET", "/api/log?level=warn&limit=5");
    return c.html(<DashboardView stats={stats.body} recent={recent.body.entries} session={shell(c)} flash={takeFlash(c)} />);
  });
}
