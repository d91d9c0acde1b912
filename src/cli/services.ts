import { formatEntry, type LogLevel } from "../log/logger.ts";
import { adminClient, type AdminResponse } from "./admin-client.ts";
import { UsageError, type CommonOptions, type Io } from "./context.ts";

/** The command failed on the server's side; its answer has been printed. */
export class RemoteError extends Error {}

interface ServiceRow {
  name: string;
  protocol: string;
  status: string;
  bind: string;
  port: number;
  tls: string;
  connections: number;
  accepted: number;
  refused: number;
  error?: string;
}

function check(io: Io, r: AdminResponse): Record<string, unknown> {
  if (r.status >= 200 && r.status < 300) return r.body;
  io.err(`wrenmail: ${String(r.body.error ?? `HTTP ${r.status}`)}`);
  for (const i of (r.body.issues as { path: string; message: string }[] | undefined) ?? []) io.err(`  ${i.path}: ${i.message}`);
  throw new RemoteError(String(r.body.error ?? r.status));
}

function warnings(io: Io, body: Record<string, unknown>): void {
  for (const w of (body.warnings as string[] | undefined) ?? []) io.out(`warning: ${w}`);
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd());
}

function serviceLine(s: ServiceRow): string {
  return `${s.name}: ${s.status}${s.error ? ` (${s.error})` : ""} on ${s.bind.includes(":") ? `[${s.bind}]` : s.bind}:${s.port} (${s.tls})`;
}

/** `wrenmail services`: the list every admin looks at first. */
export async function servicesCommand(o: CommonOptions, io: Io, rest: string[]): Promise<void> {
  if (rest.length) throw new UsageError("usage: wrenmail services");
  const client = await adminClient(o);
  const body = check(io, await client.call("GET", "/api/services"));
  const rows = (body.services as ServiceRow[]).map((s) => [
    s.name, s.protocol, s.status, s.bind, String(s.port), s.tls, String(s.connections), String(s.accepted), String(s.refused), s.error ?? "",
  ]);
  for (const line of table([["NAME", "PROTOCOL", "STATUS", "BIND", "PORT", "TLS", "CONNS", "ACCEPTED", "REFUSED", "ERROR"], ...rows])) io.out(line);
}

const NUMBER_KEYS = new Set(["port", "maxClients", "timeout", "limits.maxConcurrent", "limits.perIpPerMinute"]);
const BOOLEAN_KEYS = new Set(["autostart"]);
const LIST_KEYS = new Set(["access.ips", "limits.unlimited"]);

/** `key=value` pairs to a settings patch; values are typed by key so the server's schema judges them. */
export function parseAssignments(pairs: string[]): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new UsageError(`expected key=value, got "${pair}" (e.g. port=2525, access.mode=allow, limits.perIpPerMinute=30)`);
    const key = pair.slice(0, eq);
    const text = pair.slice(eq + 1);
    let value: unknown = text;
    if (NUMBER_KEYS.has(key) && /^-?\d+$/.test(text)) value = Number(text);
    else if (BOOLEAN_KEYS.has(key) && (text === "true" || text === "false")) value = text === "true";
    else if (LIST_KEYS.has(key)) value = text === "" ? [] : text.split(",");
    const path = key.split(".");
    let at = patch;
    for (const part of path.slice(0, -1)) at = (at[part] ??= {}) as Record<string, unknown>;
    at[path.at(-1)!] = value;
  }
  return patch;
}

/** `wrenmail service start|stop|restart|set|allow|deny|unlimited NAME ...` */
export async function serviceCommand(o: CommonOptions & { restart?: boolean; remove?: boolean }, io: Io, rest: string[]): Promise<void> {
  const [verb, name, ...args] = rest;
  if (!verb || !name) throw new UsageError("usage: wrenmail service start|stop|restart|set|allow|deny|unlimited NAME ...");
  const svc = encodeURIComponent(name);
  switch (verb) {
    case "start":
    case "stop":
    case "restart": {
      if (args.length) throw new UsageError(`usage: wrenmail service ${verb} NAME`);
      const client = await adminClient(o);
      const r = await client.call("POST", `/api/services/${svc}/${verb}`);
      if (r.body.service && r.status === 409) io.out(serviceLine(r.body.service as ServiceRow));
      const body = check(io, r);
      io.out(serviceLine(body.service as ServiceRow) + (body.restarting ? " (restarting)" : ""));
      return;
    }
    case "set": {
      if (!args.length) throw new UsageError("usage: wrenmail service set NAME key=value ... [--restart]");
      const patch = parseAssignments(args);
      const client = await adminClient(o);
      const body = check(io, await client.call("PATCH", `/api/services/${svc}${o.restart ? "?restart=true" : ""}`, patch));
      io.out(serviceLine(body.service as ServiceRow) + (body.restarted ? " (restarted)" : ""));
      warnings(io, body);
      return;
    }
    case "allow":
    case "deny":
    case "unlimited": {
      if (!args.length) throw new UsageError(`usage: wrenmail service ${verb} NAME IP|CIDR ... [--remove]`);
      const path = verb === "unlimited" ? `/api/services/${svc}/limits/unlimited` : `/api/services/${svc}/access`;
      const body = o.remove ? { ips: args } : verb === "unlimited" ? { ips: args } : { ips: args, mode: verb };
      const client = await adminClient(o);
      const res = check(io, await client.call(o.remove ? "DELETE" : "POST", path, body));
      io.out(verb === "unlimited" ? `${name} unlimited: ${(res.ips as string[]).join(", ") || "(none)"}` : `${name} access: ${res.mode} ${(res.ips as string[]).join(", ") || "(none)"}`);
      warnings(io, res);
      return;
    }
  }
  throw new UsageError(`unknown service command "${verb}"; use start, stop, restart, set, allow, deny or unlimited`);
}

interface LogEntryJson {
  time: string;
  level: string;
  service: string | null;
  message: string;
}

/** `wrenmail log [--service NAME] [--level L] [--limit N]`: oldest first, like a log file. */
export async function logCommand(o: CommonOptions & { service?: string; level?: string; limit?: string }, io: Io, rest: string[]): Promise<void> {
  if (rest.length) throw new UsageError("usage: wrenmail log [--service NAME] [--level debug|info|warn|error] [--limit N]");
  const q = new URLSearchParams();
  if (o.service) q.set("service", o.service);
  if (o.level) q.set("level", o.level);
  q.set("limit", o.limit ?? "100");
  const client = await adminClient(o);
  const body = check(io, await client.call("GET", `/api/log?${q}`));
  for (const e of (body.entries as LogEntryJson[]).reverse()) {
    io.out(formatEntry({ time: new Date(e.time), level: e.level as LogLevel, service: e.service ?? undefined, message: e.message }));
  }
}
