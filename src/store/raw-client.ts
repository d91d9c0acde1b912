import type { Client } from "@libsql/client";
import type { Db } from "./writer.ts";

/**
 * The libSQL client under a drizzle Db, for the few hot reads that run raw SQL (batched FETCH and
 * SEARCH reads): drizzle's query builder and row mapping cost more than the read itself there.
 * drizzle() keeps its client as `$client` (both the native and the web entry).
 */
export function clientOf(db: Db): Client {
  const client = (db as unknown as { $client?: Client }).$client;
  if (!client) throw new Error("drizzle database without its libSQL client ($client)");
  return client;
}
