import { summarize } from "../mime/summarize.ts";
import { MAX_SUMMARY } from "../store/mod.ts";

/**
 * The MIME summary JSON to store with a message (delivery, IMAP APPEND), so IMAP never parses it
 * again; or why not: a hostile message with thousands of parts can exceed the store's limit, and a
 * bug in the parser must not lose mail (FETCH then computes it when the message is read).
 */
export function storableSummary(bytes: Uint8Array): { ok: true; json: string } | { ok: false; level: "warn" | "error"; why: string } {
  try {
    const json = JSON.stringify(summarize(bytes));
    if (json.length <= MAX_SUMMARY) return { ok: true, json };
    return { ok: false, level: "warn", why: `MIME summary too large to store (${json.length} characters)` };
  } catch (e) {
    return { ok: false, level: "error", why: `MIME summary failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}
