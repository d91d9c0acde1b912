import { asc, eq } from "drizzle-orm";
import type { StoreContext } from "./context.ts";
import { StoreError } from "./errors.ts";
import { services } from "./schema.ts";

/** A service's stored settings (validated by src/config, not here). */
export interface StoredService {
  name: string;
  settings: unknown;
  updatedAt: Date;
}

/** store.services: settings per listening service, kept as JSON. */
export class Services {
  readonly #ctx: StoreContext;
  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /** The parsed settings, or null when none are stored. */
  async get(name: string): Promise<unknown> {
    const [row] = await this.#ctx.db.select({ settings: services.settings }).from(services).where(eq(services.name, name));
    return row ? JSON.parse(row.settings) : null;
  }

  /** Stores the settings value (any JSON-serialisable value; pass the object, not JSON text). */
  async set(name: string, settings: unknown): Promise<void> {
    if (!name) throw new StoreError("invalid", "service name must not be empty");
    const json = JSON.stringify(settings);
    if (json === undefined) throw new StoreError("invalid", `settings for service ${name} are not JSON-serialisable`);
    const updatedAt = new Date();
    await this.#ctx.writer.run((tx) =>
      tx.insert(services).values({ name, settings: json, updatedAt }).onConflictDoUpdate({ target: services.name, set: { settings: json, updatedAt } }),
    );
  }

  /** Every stored service, by name. */
  async list(): Promise<StoredService[]> {
    const rows = await this.#ctx.db.select().from(services).orderBy(asc(services.name));
    return rows.map((r) => ({ name: r.name, settings: JSON.parse(r.settings), updatedAt: r.updatedAt }));
  }
}
