import * as v from "valibot";
import { applyServicePatch, type ServiceName, type ServicePatch, type ServiceSettings, ServiceSettingsSchema } from "../../config/service.ts";
import { accessAllows } from "../../guard/access.ts";
import { IpSet } from "../../guard/ip-set.ts";
import type { AdminDeps } from "./deps.ts";
import { ApiError } from "./errors.ts";

/**
 * A service's current settings, as stored. The store is the one place the service manager and an
 * edge-hosted admin app both see, and the manager persists every change there before applying it.
 * Throws UnknownServiceError (404) for a name that is not a service.
 */
export async function currentSettings(deps: AdminDeps, name: string): Promise<ServiceSettings> {
  deps.services.get(name as ServiceName);
  const r = v.safeParse(ServiceSettingsSchema, await deps.store.services.get(name));
  if (!r.success) throw new Error(`the stored settings of ${name} are missing or invalid`);
  return r.output;
}

/**
 * Refuses (409) an admin access change that would shut out the very address making it: the admin
 * service is the way back in, and once it refuses you only the CLI on the host can undo that.
 * `force` skips the check, for an administrator who means it.
 */
export function guardLockout(name: string, current: ServiceSettings, patch: ServicePatch, peer: string, force: boolean): void {
  if (name !== "admin" || force || !patch.access) return;
  const next = applyServicePatch(current, patch).access;
  const before = accessAllows(current.access.mode, IpSet.from(current.access.ips), peer);
  if (before && !accessAllows(next.mode, IpSet.from(next.ips), peer)) {
    throw new ApiError(409, `this access list would refuse your own address ${peer} on the admin service; include it, or repeat with ?force=true`);
  }
}

/**
 * Runs read-modify-write changes of one service one after another, so two admins adding list
 * entries at the same moment cannot drop each other's.
 */
export function keyedLock(): <T>(key: string, fn: () => Promise<T>) => Promise<T> {
  const tails = new Map<string, Promise<unknown>>();
  return (key, fn) => {
    const run = (tails.get(key) ?? Promise.resolve()).then(fn, fn);
    const tail = run.catch(() => {});
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return run;
  };
}
