import type { Runtime } from "./types.ts";

export type * from "./types.ts";
export * from "./errors.ts";

/** Which runtime this is, by feature detection (Bun also defines `process`, Deno too). */
export function detectRuntime(): Runtime["name"] {
  const g = globalThis as Record<string, unknown>;
  if (typeof g.Bun !== "undefined") return "bun";
  if (typeof g.Deno !== "undefined") return "deno";
  return "node";
}

let current: Promise<Runtime> | undefined;

/** The adapter for the runtime we are running on; loaded once. */
export function getRuntime(): Promise<Runtime> {
  // Static import specifiers so `bun build --compile` bundles every adapter.
  current ??= (async () => {
    switch (detectRuntime()) {
      case "deno":
        return (await import("../adapters/deno.ts")).runtime;
      case "bun":
        return (await import("../adapters/bun.ts")).runtime;
      default:
        return (await import("../adapters/node.ts")).runtime;
    }
  })();
  return current;
}
