import { asc, eq } from "drizzle-orm";
import type { StoreContext } from "./context.ts";
import { StoreError } from "./errors.ts";
import { hashPassword, needsRehash, verifyPassword } from "./password.ts";
import { admins } from "./schema.ts";

/** An administrator of the admin console and REST API. */
export interface Admin {
  id: number;
  name: string;
  createdAt: Date;
}

const NAME = /^[A-Za-z0-9._@-]{1,64}$/;

function checkName(name: string): string {
  if (!NAME.test(name)) throw new StoreError("invalid", `invalid administrator name: ${JSON.stringify(name)}`);
  return name;
}

let decoy: Promise<string> | undefined;

/** store.admins */
export class Admins {
  readonly #ctx: StoreContext;
  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /** Creates the administrator, or replaces its password. */
  async setPassword(name: string, password: string): Promise<Admin> {
    checkName(name);
    if (typeof password !== "string" || password.length === 0 || password.length > 1024) {
      throw new StoreError("invalid", "password must be 1 to 1024 characters");
    }
    const passwordHash = await hashPassword(password);
    return this.#ctx.writer.run(async (tx) => {
      const [row] = await tx.insert(admins).values({ name, passwordHash, createdAt: new Date() })
        .onConflictDoUpdate({ target: admins.name, set: { passwordHash } })
        .returning({ id: admins.id, name: admins.name, createdAt: admins.createdAt });
      return row;
    });
  }

  /** The administrator when the password is right, else null (same time either way). */
  async verify(name: string, password: string): Promise<Admin | null> {
    const [row] = NAME.test(name) ? await this.#ctx.db.select().from(admins).where(eq(admins.name, name)) : [];
    if (!row) {
      decoy ??= hashPassword("wrenmail-decoy");
      await verifyPassword(password, await decoy);
      return null;
    }
    if (!(await verifyPassword(password, row.passwordHash))) return null;
    if (needsRehash(row.passwordHash)) {
      const passwordHash = await hashPassword(password);
      await this.#ctx.writer.run((tx) => tx.update(admins).set({ passwordHash }).where(eq(admins.id, row.id)));
    }
    return { id: row.id, name: row.name, createdAt: row.createdAt };
  }

  /** Every administrator, by name (no password hashes). */
  list(): Promise<Admin[]> {
    return this.#ctx.db.select({ id: admins.id, name: admins.name, createdAt: admins.createdAt }).from(admins).orderBy(asc(admins.name));
  }

  /** Removes an administrator; StoreError "not_found" if there is none. */
  async remove(name: string): Promise<void> {
    const rows = await this.#ctx.writer.run((tx) => tx.delete(admins).where(eq(admins.name, checkName(name))).returning({ id: admins.id }));
    if (rows.length === 0) throw new StoreError("not_found", `administrator ${name} not found`);
  }
}
