/**
 * The STATUS data items (RFC 9051 6.3.11, STATUS=SIZE RFC 8438, HIGHESTMODSEQ RFC 7162), shared
 * by STATUS and LIST ... RETURN (STATUS ...).
 *
 * @module
 */
import type { MailboxStatus } from "../../../store/mod.ts";
import { bad } from "../response.ts";
import type { ImapSession } from "../session.ts";
import type { ImapToken } from "../wire/types.ts";

const ITEMS = new Set(["MESSAGES", "UIDNEXT", "UIDVALIDITY", "UNSEEN", "DELETED", "SIZE", "RECENT", "HIGHESTMODSEQ"]);

/** The requested items, upper-cased; BAD for an unknown one or an empty list. */
export function parseStatusItems(tokens: readonly ImapToken[]): string[] {
  if (tokens.length === 0) throw bad("STATUS: empty list of status items");
  return tokens.map((t) => {
    const v = t.kind === "atom" && !t.section ? t.value.toUpperCase() : "";
    if (!ITEMS.has(v)) throw bad(`STATUS: unknown status item ${t.kind === "atom" ? t.value.slice(0, 32) : "(not an atom)"}`);
    return v;
  });
}

/** `(MESSAGES 3 UNSEEN 1 ...)` for the requested items. */
export function formatStatus(s: ImapSession, items: readonly string[], st: MailboxStatus): string {
  const out: string[] = [];
  for (const item of items) {
    switch (item) {
      case "MESSAGES": out.push(`MESSAGES ${st.messages}`); break;
      case "UIDNEXT": out.push(`UIDNEXT ${st.uidNext}`); break;
      case "UIDVALIDITY": out.push(`UIDVALIDITY ${st.uidValidity}`); break;
      case "UNSEEN": out.push(`UNSEEN ${st.unseen}`); break;
      case "DELETED": out.push(`DELETED ${st.deleted}`); break;
      case "SIZE": out.push(`SIZE ${st.size}`); break;
      // \Recent is not kept (RFC 9051 dropped it); IMAP4rev1 clients are told none.
      case "RECENT": out.push("RECENT 0"); break;
      case "HIGHESTMODSEQ":
        s.condstoreUsed = true;
        out.push(`HIGHESTMODSEQ ${st.highestModseq}`);
        break;
    }
  }
  return `(${out.join(" ")})`;
}
