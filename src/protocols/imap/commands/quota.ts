import { Args } from "../args.ts";
import { mailboxToWire } from "../mailbox-name.ts";
import { no } from "../response.ts";
import type { ImapSession } from "../session.ts";
import { AUTHENTICATED } from "../state.ts";
import { imapString } from "../wire/encode.ts";
import { findMailbox, mailboxArg, storeRefusal } from "./mailbox.ts";
import type { ImapCommandSpec } from "./types.ts";

/**
 * QUOTA (RFC 9208) with the STORAGE resource: one quota root `""` per account, its limit the
 * account's quota. An account without a quota (0 = unlimited) has no quota root.
 */
async function usage(s: ImapSession): Promise<{ used: number; limit: number } | null> {
  const account = await s.store.accounts.get(s.user.address).catch(storeRefusal);
  if (!account || account.quota <= 0) return null;
  // STORAGE is counted in units of 1024 octets.
  return { used: Math.ceil(account.usedBytes / 1024), limit: Math.floor(account.quota / 1024) };
}

/** GETQUOTAROOT mailbox. */
export const GETQUOTAROOT: ImapCommandSpec = {
  name: "GETQUOTAROOT",
  states: AUTHENTICATED,
  async run(s, cmd) {
    const a = new Args(cmd.args, "GETQUOTAROOT");
    const name = mailboxArg(s, a);
    a.end();
    const box = await findMailbox(s, name);
    const u = await usage(s);
    await s.untagged(`QUOTAROOT ${mailboxToWire(box.name, s.utf8)}${u ? ' ""' : ""}`);
    if (u) await s.untagged(`QUOTA "" (STORAGE ${u.used} ${u.limit})`);
  },
};

/** GETQUOTA root: only `""` exists. */
export const GETQUOTA: ImapCommandSpec = {
  name: "GETQUOTA",
  states: AUTHENTICATED,
  async run(s, cmd) {
    const a = new Args(cmd.args, "GETQUOTA");
    const root = a.text("quota root");
    a.end();
    const u = root === "" ? await usage(s) : null;
    if (!u) throw no(`no quota root ${imapString(root)}`, { code: "NONEXISTENT" });
    await s.untagged(`QUOTA "" (STORAGE ${u.used} ${u.limit})`);
  },
};

/** SETQUOTA: quotas are the administrator's to set. */
export const SETQUOTA: ImapCommandSpec = {
  name: "SETQUOTA",
  states: AUTHENTICATED,
  async run() {
    throw no("quotas are set by the administrator", { code: "NOPERM" });
  },
};
