/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import { callApi, withQuery } from "../api-client.ts";
import type { ConsoleDeps, ConsoleEnv } from "../env.ts";
import { takeFlash } from "../flash.ts";
import { localPath, text } from "../form.ts";
import { type QueueRow, QueueView } from "../views/queue.tsx";
import { apiAction, shell } from "./respond.ts";

/** The queue screen over `/api/queue`. */
export function queueRoutes(cd: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  app.get("/queue", async (c) => {
    const status = c.req.query("status") ?? "";
    const r = await callApi<{ entries: QueueRow[] }>(c, cd, "GET", withQuery("/api/queue", { status }));
    return c.html(<QueueView entries={r.ok ? r.body.entries : []} status={status} error={r.error} session={shell(c)} flash={takeFlash(c)} />, r.ok ? 200 : 400);
  });
  app.post("/queue/:id/retry", (c) =>
    apiAction(c, () => callApi(c, cd, "POST", `/api/queue/${encodeURIComponent(c.req.param("id"))}/retry`), {
      back: localPath(text(c.get("form"), "back"), "/queue"),
      ok: `Message ${c.req.param("id")} will be tried again now.`,
      failed: `Message ${c.req.param("id")} was not retried`,
    }));
  app.post("/queue/:id/delete", (c) =>
    apiAction(c, () => callApi(c, cd, "DELETE", `/api/queue/${encodeURIComponent(c.req.param("id"))}`), {
      back: localPath(text(c.get("form"), "back"), "/queue"),
      ok: `Deleted message ${c.req.param("id")}.`,
      failed: `Message ${c.req.param("id")} was not deleted`,
    }));
  return app;
}
