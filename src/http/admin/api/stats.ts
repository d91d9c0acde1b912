import { Hono } from "hono";
import * as v from "valibot";
import type { AdminDeps, AdminEnv } from "../deps.ts";
import { validate } from "../errors.ts";
import type { StatsRing } from "./stats-ring.ts";

/** `GET /api/stats` query: how many minutes of history (1-60, default 30). */
export const StatsQuerySchema = v.strictObject({
  minutes: v.optional(
    v.pipe(v.string(), v.regex(/^\d{1,2}$/, "expected an integer 1-60"), v.transform(Number), v.minValue(1, "expected an integer 1-60"), v.maxValue(60, "expected an integer 1-60")),
  ),
});

/**
 * `/api/stats`: what the dashboard draws — every service's status and live connections now, and
 * accepted, refused and peak connections per minute for the last minutes. Cheap enough to poll
 * every few seconds; each call also samples the counters, so the figures are current even when
 * the periodic sampler is not running (an app served in-process, an edge host).
 */
export function statsApi(deps: AdminDeps, ring: StatsRing): Hono<AdminEnv> {
  return new Hono<AdminEnv>().get("/", (c) => {
    const q = validate(StatsQuerySchema, c.req.query(), ["minutes"]);
    const list = deps.services.list();
    ring.sample(list);
    const n = q.minutes ?? 30;
    return c.json({
      time: new Date(deps.now?.() ?? Date.now()).toISOString(),
      minutes: ring.window(n).map((ms) => new Date(ms).toISOString()),
      services: list.map((s) => {
        const series = ring.series(s.name, n);
        return {
          name: s.name,
          status: s.status,
          ...(s.error ? { error: s.error } : {}),
          connections: s.connections,
          accepted: s.accepted,
          refused: s.refused,
          perMinute: {
            accepted: series.map((m) => m.accepted),
            refused: series.map((m) => m.refused),
            peakConnections: series.map((m) => m.peakConnections),
          },
        };
      }),
    });
  });
}
