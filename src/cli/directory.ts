import type { Store } from "../store/mod.ts";
import { passwordFromStdin, UsageError, type Io } from "./context.ts";

/** `domain|user|alias|admin` subcommands: each gets the open store, its positionals and flags. */
export interface DirectoryArgs {
  positionals: string[];
  passwordStdin: boolean;
  quota?: string;
  force: boolean;
}

function need(args: string[], n: number, usage: string): string[] {
  if (args.length !== n) throw new UsageError(`usage: wrenmail ${usage}`);
  return args;
}

/** Accepts plain bytes or a K/M/G suffix (powers of 1024): what admins type for quotas. */
export function parseSize(text: string): number {
  const m = /^(\d+)\s*([kmg]i?b?|b)?$/i.exec(text.trim());
  if (!m) throw new UsageError(`--quota: expected a size like 500M or 2G, got "${text}"`);
  const mult = { k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(m[2] ?? "b")[0].toLowerCase()] ?? 1;
  return Number(m[1]) * mult;
}

export async function domainCommand(store: Store, io: Io, a: DirectoryArgs): Promise<void> {
  const [verb, ...rest] = a.positionals;
  switch (verb) {
    case "add": {
      const [name] = need(rest, 1, "domain add NAME");
      await store.domains.add(name);
      io.out(`domain ${name.toLowerCase()} added`);
      return;
    }
    case "list":
      need(rest, 0, "domain list");
      for (const d of await store.domains.list()) io.out(d.name);
      return;
    case "remove": {
      const [name] = need(rest, 1, "domain remove NAME [--force]");
      await store.domains.remove(name, { force: a.force });
      io.out(`domain ${name.toLowerCase()} removed`);
      return;
    }
  }
  throw new UsageError("usage: wrenmail domain add|list|remove ...");
}

export async function userCommand(store: Store, io: Io, a: DirectoryArgs): Promise<void> {
  const [verb, ...rest] = a.positionals;
  switch (verb) {
    case "add": {
      const [address] = need(rest, 1, "user add ADDRESS --password-stdin [--quota SIZE]");
      if (!a.passwordStdin) throw new UsageError("user add: give the password on standard input with --password-stdin");
      const password = await passwordFromStdin(io);
      await store.accounts.add({ address, password, quota: a.quota === undefined ? undefined : parseSize(a.quota) });
      io.out(`user ${address.toLowerCase()} added`);
      return;
    }
    case "list": {
      const [domain] = rest.length ? need(rest, 1, "user list [DOMAIN]") : [undefined];
      for (const u of await store.accounts.list(domain)) {
        io.out(`${u.address}\tquota ${u.quota ? formatSize(u.quota) : "unlimited"}\tused ${formatSize(u.usedBytes)}${u.enabled ? "" : "\tdisabled"}`);
      }
      return;
    }
    case "remove": {
      const [address] = need(rest, 1, "user remove ADDRESS");
      await store.accounts.remove(address);
      io.out(`user ${address.toLowerCase()} removed`);
      return;
    }
    case "passwd": {
      const [address] = need(rest, 1, "user passwd ADDRESS --password-stdin");
      if (!a.passwordStdin) throw new UsageError("user passwd: give the new password on standard input with --password-stdin");
      await store.accounts.setPassword(address, await passwordFromStdin(io));
      io.out(`password of ${address.toLowerCase()} changed`);
      return;
    }
  }
  throw new UsageError("usage: wrenmail user add|list|remove|passwd ...");
}

export async function aliasCommand(store: Store, io: Io, a: DirectoryArgs): Promise<void> {
  const [verb, ...rest] = a.positionals;
  switch (verb) {
    case "add": {
      if (rest.length < 2) throw new UsageError("usage: wrenmail alias add SOURCE DESTINATION [DESTINATION ...]");
      const [source, ...destinations] = rest;
      await store.aliases.add(source, destinations);
      io.out(`alias ${source.toLowerCase()} -> ${destinations.join(", ")} added`);
      return;
    }
    case "list": {
      const [domain] = rest.length ? need(rest, 1, "alias list [DOMAIN]") : [undefined];
      for (const al of await store.aliases.list(domain)) io.out(`${al.source}\t${al.destinations.join(", ")}`);
      return;
    }
    case "remove": {
      const [source] = need(rest, 1, "alias remove SOURCE");
      await store.aliases.remove(source);
      io.out(`alias ${source.toLowerCase()} removed`);
      return;
    }
  }
  throw new UsageError("usage: wrenmail alias add|list|remove ...");
}

export async function adminCommand(store: Store, io: Io, a: DirectoryArgs): Promise<void> {
  const [verb, ...rest] = a.positionals;
  if (verb === "passwd") {
    const [name = "admin"] = rest.length ? need(rest, 1, "admin passwd [NAME] --password-stdin") : [];
    if (!a.passwordStdin) throw new UsageError("admin passwd: give the new password on standard input with --password-stdin");
    await store.admins.setPassword(name, await passwordFromStdin(io));
    io.out(`password of administrator ${name} set`);
    return;
  }
  throw new UsageError("usage: wrenmail admin passwd [NAME] --password-stdin");
}

export function formatSize(n: number): string {
  if (n >= 1024 ** 3) return `${+(n / 1024 ** 3).toFixed(1)}G`;
  if (n >= 1024 ** 2) return `${+(n / 1024 ** 2).toFixed(1)}M`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)}K`;
  return `${n}B`;
}
