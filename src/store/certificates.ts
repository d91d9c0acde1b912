import { asc, eq } from "drizzle-orm";
import type { StoreContext } from "./context.ts";
import { StoreError } from "./errors.ts";
import { certificates } from "./schema.ts";

/** A named certificate with its private key, both PEM. */
export interface Certificate {
  name: string;
  cert: string;
  key: string;
  createdAt: Date;
}

const NAME = /^[A-Za-z0-9._-]{1,128}$/;

/** store.certificates */
export class Certificates {
  readonly #ctx: StoreContext;
  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /** The certificate, or null. */
  async get(name: string): Promise<Certificate | null> {
    const [row] = await this.#ctx.db.select().from(certificates).where(eq(certificates.name, name));
    return row ? { name: row.name, cert: row.certPem, key: row.keyPem, createdAt: row.createdAt } : null;
  }

  /** Stores or replaces a certificate (PEM text; checked for PEM armour only). */
  async put(name: string, pem: { cert: string; key: string }): Promise<void> {
    if (!NAME.test(name)) throw new StoreError("invalid", `invalid certificate name: ${JSON.stringify(name)}`);
    if (!/-----BEGIN CERTIFICATE-----/.test(pem.cert)) throw new StoreError("invalid", `certificate ${name}: cert is not a PEM certificate`);
    if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem.key)) throw new StoreError("invalid", `certificate ${name}: key is not a PEM private key`);
    const createdAt = new Date();
    await this.#ctx.writer.run((tx) =>
      tx.insert(certificates).values({ name, certPem: pem.cert, keyPem: pem.key, createdAt })
        .onConflictDoUpdate({ target: certificates.name, set: { certPem: pem.cert, keyPem: pem.key, createdAt } }),
    );
  }

  /** Names and dates of every certificate (no key material). */
  list(): Promise<{ name: string; createdAt: Date }[]> {
    return this.#ctx.db.select({ name: certificates.name, createdAt: certificates.createdAt }).from(certificates).orderBy(asc(certificates.name));
  }

  /** Removes a certificate; StoreError "not_found" if there is none. */
  async remove(name: string): Promise<void> {
    const rows = await this.#ctx.writer.run((tx) => tx.delete(certificates).where(eq(certificates.name, name)).returning({ name: certificates.name }));
    if (rows.length === 0) throw new StoreError("not_found", `certificate ${name} not found`);
  }
}
