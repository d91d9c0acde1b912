import { type Context, Hono } from "hono";
import * as v from "valibot";
import { parseCidr, formatIp } from "../../../config/ip.ts";
import { ACCESS_MODES, IpListSchema, type ServiceName, type ServicePatch, type ServiceSettings, strictMapping } from "../../../config/service.ts";
import type { AdminDeps, AdminEnv } from "../deps.ts";
import { remoteAddress } from "../auth.ts";
import { ApiError, readJson, validate } from "../errors.ts";
import { currentSettings, guardLockout, type keyedLock } from "../settings.ts";
import { flag } from "./query.ts";

type Lock = ReturnType<typeof keyedLock>;

/** One editable address list of a service: where it lives in the settings and how to patch it. */
interface ListKind {
  path: string;
  read(s: ServiceSettings): string[];
  patch(ips: string[], mode?: ServiceSettings["access"]["mode"]): ServicePatch;
  view(s: ServiceSettings): Record<string, unknown>;
}

const ACCESS: ListKind = {
  path: "access",
  read: (s) => s.access.ips,
  patch: (ips, mode) => ({ access: mode ? { ips, mode } : { ips } }),
  view: (s) => ({ mode: s.access.mode, ips: s.access.ips }),
};

const UNLIMITED: ListKind = {
  path: "limits/unlimited",
  read: (s) => s.limits.unlimited,
  patch: (ips) => ({ limits: { unlimited: ips } }),
  view: (s) => ({ ips: s.limits.unlimited }),
};

const MODE_MESSAGE = `expected one of ${ACCESS_MODES.map((m) => JSON.stringify(m)).join(", ")} (one mode at a time)`;
/** Body of `POST .../access`. */
export const AddAccessSchema = strictMapping({ ips: IpListSchema, mode: v.optional(v.picklist(ACCESS_MODES, MODE_MESSAGE)) }, "expected a JSON object with ips and optionally mode");
/** Body of `DELETE .../access` and of `POST|DELETE .../limits/unlimited`. */
export const IpsSchema = strictMapping({ ips: IpListSchema }, "expected a JSON object with ips");

/** `1.2.3.4` and `1.2.3.4/32`, `::1` and `0::1`, are one entry; lists compare by this key. */
function entryKey(entry: string): string {
  const c = parseCidr(entry);
  return c ? `${formatIp(c)}/${c.prefix}` : entry;
}

/**
 * `/api/services/:name/access` and `/api/services/:name/limits/unlimited`: read the list, add
 * entries (POST; access may also switch its mode), remove entries (DELETE). Changes go through
 * the service manager's setup, so they are validated, stored and logged like any other.
 */
export function listsApi(deps: AdminDeps, lock: Lock): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  for (const kind of [ACCESS, UNLIMITED]) {
    const route = `/:name/${kind.path}`;
    const change = (c: Context<AdminEnv>, edit: (s: ServiceSettings, body: unknown) => ServicePatch) => {
      const name = (c.req.param("name") ?? "") as ServiceName;
      const force = flag(c.req.query("force"), "force");
      return lock(name, async () => {
        const current = await currentSettings(deps, name);
        const patch = edit(current, await readJson(c));
        guardLockout(name, current, patch, remoteAddress(c), force);
        const r = await deps.services.setup(name, patch, { actor: c.get("caller").actor });
        return c.json({ ...kind.view(await currentSettings(deps, name)), warnings: r.warnings });
      });
    };
    app.get(route, async (c) => c.json(kind.view(await currentSettings(deps, c.req.param("name") ?? ""))));
    app.post(route, (c) =>
      change(c, (current, body) => {
        const add: { ips: string[]; mode?: ServiceSettings["access"]["mode"] } =
          kind === ACCESS ? validate(AddAccessSchema, body, ["ips", "mode"]) : validate(IpsSchema, body, ["ips"]);
        const ips = kind.read(current);
        const have = new Set(ips.map(entryKey));
        const merged = [...ips];
        for (const ip of add.ips) {
          if (have.has(entryKey(ip))) continue;
          have.add(entryKey(ip));
          merged.push(ip);
        }
        return kind.patch(merged, add.mode);
      }),
    );
    app.delete(route, (c) =>
      change(c, (current, body) => {
        const { ips: gone } = validate(IpsSchema, body, ["ips"]);
        const ips = kind.read(current);
        const have = new Set(ips.map(entryKey));
        const missing = gone.map((ip, i) => ({ ip, i })).filter(({ ip }) => !have.has(entryKey(ip)));
        if (missing.length) {
          throw new ApiError(404, "not in the list; nothing was removed", {
            issues: missing.map(({ ip, i }) => ({ path: `ips[${i}]`, message: `${JSON.stringify(ip)} is not in the list` })),
          });
        }
        const drop = new Set(gone.map(entryKey));
        return kind.patch(ips.filter((ip) => !drop.has(entryKey(ip))));
      }),
    );
  }
  return app;
}
