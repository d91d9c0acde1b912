/**
 * The POP3 backend on the store: logins through `store.accounts.verify` (argon2id off-thread, a
 * decoy hash for unknown users so timing tells nothing) and the account's INBOX through the
 * store's mail-access API (scan, body, expunge).
 *
 * @module
 */
import type { Store } from "../../store/mod.ts";
import type { Pop3Backend, Pop3Entry, Pop3Mailbox } from "./backend.ts";

/** A POP3 backend over `store` (opened; it must outlive the handler). */
export function createPop3StoreBackend(store: Store): Pop3Backend {
  return {
    async authenticate(username, password) {
      const account = await store.accounts.verify(username, password);
      return account ? { accountId: account.id, address: account.address } : null;
    },
    async open(identity): Promise<Pop3Mailbox> {
      const box = await store.mailboxes.get(identity.accountId, "INBOX");
      if (!box) throw new Error(`account ${identity.address} has no INBOX`);
      const id = box.id;
      return {
        uidValidity: box.uidValidity,
        async *scan(): AsyncIterable<Pop3Entry> {
          for await (const m of store.messages.scan(id)) yield { uid: m.uid, size: m.size };
        },
        body: (uid) => store.messages.body(id, uid),
        expunge: async (uids) => (await store.messages.expunge(id, uids)).uids.length,
      };
    },
  };
}
