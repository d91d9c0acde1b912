/** An account with its mailboxes and a recorder of published changes, for the mail-access tests. */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { MailChange, Store } from "../../src/store/mod.ts";
import { bytes } from "./helpers.ts";

export interface Fixture {
  accountId: number;
  inbox: number;
  /** Every change published for the account, in order. */
  events: MailChange[];
  /** Appends messages "m<i>" (or the given bodies) to a mailbox; returns their UIDs. */
  fill(mailboxId: number, n: number | string[], o?: { flags?: string[] }): Promise<number[]>;
  /** The mailbox id of a mailbox of the account. */
  box(name: string): Promise<number>;
}

export async function fixture(store: Store, o: { address?: string; quota?: number } = {}): Promise<Fixture> {
  const address = o.address ?? "alice@example.test";
  const domain = address.split("@")[1];
  if (!(await store.domains.list()).some((d) => d.name === domain)) await store.domains.add(domain);
  const a = await store.accounts.add({ address, password: "pw", quota: o.quota });
  const events: MailChange[] = [];
  store.changes.watchAccount(a.id, (c) => events.push(c));
  const box = async (name: string) => (await store.mailboxes.get(a.id, name))!.id;
  return {
    accountId: a.id,
    inbox: await box("INBOX"),
    events,
    box,
    async fill(mailboxId, n, f = {}) {
      const bodies = typeof n === "number" ? Array.from({ length: n }, (_, i) => `m${i + 1}`) : n;
      const out: number[] = [];
      for (const b of bodies) out.push((await store.messages.append({ mailboxId, blob: bytes(b), flags: f.flags })).uid);
      return out;
    },
  };
}

/** Every item of an async iterable. */
export async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** The number of rows of a table (for leftovers). */
export async function count(store: Store, table: string, where = "1"): Promise<number> {
  const { rows } = await store.client.execute(`SELECT count(*) AS n FROM ${table} WHERE ${where}`);
  return Number(rows[0].n);
}

/** Files under dataDir/blobs, temp files included (a leftover is a leak too). */
export async function blobFiles(dir: string): Promise<number> {
  let n = 0;
  for (const shard of await readdir(join(dir, "blobs")).catch(() => [])) n += (await readdir(join(dir, "blobs", shard))).length;
  return n;
}
