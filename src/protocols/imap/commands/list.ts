import type { Mailbox } from "../../../store/mod.ts";
import { Args, astringBytes, isAtom } from "../args.ts";
import { DELIMITER, mailboxFromWire, mailboxToWire, normalizeInbox } from "../mailbox-name.ts";
import { bad } from "../response.ts";
import type { ImapSession } from "../session.ts";
import { AUTHENTICATED } from "../state.ts";
import type { ImapToken } from "../wire/types.ts";
import { storeRefusal } from "./mailbox.ts";
import { formatStatus, parseStatusItems } from "./status-items.ts";
import type { ImapCommandSpec } from "./types.ts";

/** What a LIST asks for (RFC 5258 LIST-EXTENDED, RFC 5819 LIST-STATUS, RFC 6154 SPECIAL-USE). */
interface ListQuery {
  patterns: RegExp[];
  /** Selection: only subscribed mailboxes. */
  subscribedOnly: boolean;
  /** Selection: only special-use mailboxes. */
  specialUseOnly: boolean;
  /** Selection: parents of matching subscribed children are listed with CHILDINFO. */
  recursiveMatch: boolean;
  /** Return \Subscribed. */
  returnSubscribed: boolean;
  /** STATUS items to return after each mailbox, or null. */
  status: string[] | null;
  /** Extended syntax was used: absent parents are \NonExistent rather than \Noselect. */
  extended: boolean;
}

/** One name in the hierarchy: a mailbox, or a parent that only exists through its children. */
interface Node {
  name: string;
  box: Mailbox | null;
  hasChildren: boolean;
  hasSubscribedChild: boolean;
}

/**
 * LIST [(selection)] reference pattern|(patterns) [RETURN (options)] (RFC 9051 6.3.9). Every
 * mailbox carries \HasChildren or \HasNoChildren and its special-use attribute; a parent that does
 * not exist itself but has children is listed \Noselect (\NonExistent in the extended form).
 */
export const LIST: ImapCommandSpec = {
  name: "LIST",
  states: AUTHENTICATED,
  async run(s, cmd) {
    const a = new Args(cmd.args, "LIST");
    const q: ListQuery = { patterns: [], subscribedOnly: false, specialUseOnly: false, recursiveMatch: false, returnSubscribed: false, status: null, extended: false };
    if (a.peek()?.kind === "list") {
      q.extended = true;
      for (const t of a.list("selection options")) {
        const o = t.kind === "atom" ? t.value.toUpperCase() : "";
        if (o === "SUBSCRIBED") q.subscribedOnly = q.returnSubscribed = true;
        else if (o === "SPECIAL-USE") q.specialUseOnly = true;
        else if (o === "RECURSIVEMATCH") q.recursiveMatch = true;
        else if (o !== "REMOTE") throw bad(`LIST: unknown selection option ${o.slice(0, 32)}`);
      }
      if (q.recursiveMatch && !q.subscribedOnly) throw bad("LIST: RECURSIVEMATCH needs another selection option");
    }
    const reference = mailboxFromWire(a.astring("reference"), s.utf8);
    const pt = a.any("mailbox pattern");
    const patterns = pt.kind === "list" ? pt.items : [pt];
    if (pt.kind === "list") q.extended = true;
    if (patterns.length === 0) throw bad("LIST: empty pattern list");
    const raw = patterns.map((p) => astringBytes(p, () => bad("LIST: a pattern must be a string")));
    if (a.left) {
      if (!isAtom(a.any("RETURN"), "RETURN")) throw bad("LIST: expected RETURN (options)");
      q.extended = true;
      parseReturn(a.list("return options"), q);
    }
    a.end();

    // LIST "" "" asks for the delimiter and the root (RFC 9051 6.3.9).
    if (raw.length === 1 && raw[0]!.length === 0 && !q.subscribedOnly && !q.specialUseOnly) {
      await s.untagged(`LIST (\\Noselect) "${DELIMITER}" ""`);
      return;
    }
    q.patterns = raw.map((p) => patternRegex(normalizeInbox(reference + mailboxFromWire(p, s.utf8))));
    await list(s, q, "LIST");
  },
};

/**
 * LSUB reference pattern (RFC 3501 6.3.9; gone from IMAP4rev2, LIST (SUBSCRIBED) replaces it):
 * the subscribed mailboxes that match.
 */
export const LSUB: ImapCommandSpec = {
  name: "LSUB",
  states: AUTHENTICATED,
  async run(s, cmd) {
    const a = new Args(cmd.args, "LSUB");
    const reference = mailboxFromWire(a.astring("reference"), s.utf8);
    const pattern = mailboxFromWire(a.astring("mailbox pattern"), s.utf8);
    a.end();
    const q: ListQuery = { patterns: [patternRegex(normalizeInbox(reference + pattern))], subscribedOnly: true, specialUseOnly: false, recursiveMatch: false, returnSubscribed: false, status: null, extended: false };
    await list(s, q, "LSUB");
  },
};

function parseReturn(tokens: readonly ImapToken[], q: ListQuery): void {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const o = t.kind === "atom" ? t.value.toUpperCase() : "";
    if (o === "SUBSCRIBED") q.returnSubscribed = true;
    else if (o === "CHILDREN" || o === "SPECIAL-USE") {
      // Always returned.
    } else if (o === "STATUS") {
      const items = tokens[++i];
      if (items?.kind !== "list") throw bad("LIST: RETURN STATUS needs a list of status items");
      q.status = parseStatusItems(items.items);
    } else throw bad(`LIST: unknown return option ${o.slice(0, 32)}`);
  }
}

/** `*` matches anything, `%` anything but the delimiter (RFC 9051 6.3.9). */
function patternRegex(pattern: string): RegExp {
  let re = "^";
  for (const ch of pattern) {
    if (ch === "*") re += ".*";
    else if (ch === "%") re += "[^/]*";
    else re += ch.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  return new RegExp(re + "$", "su");
}

async function list(s: ImapSession, q: ListQuery, verb: "LIST" | "LSUB"): Promise<void> {
  const boxes = await s.store.mailboxes.list(s.user.accountId).catch(storeRefusal);
  const nodes = new Map<string, Node>();
  for (const box of boxes) nodes.set(box.name, { name: box.name, box, hasChildren: false, hasSubscribedChild: false });
  for (const box of boxes) {
    // Every ancestor exists in the hierarchy, as a mailbox or as a bare parent.
    let name = box.name;
    for (let i = name.lastIndexOf(DELIMITER); i > 0; i = name.lastIndexOf(DELIMITER)) {
      name = name.slice(0, i);
      let n = nodes.get(name);
      if (!n) nodes.set(name, (n = { name, box: null, hasChildren: false, hasSubscribedChild: false }));
      n.hasChildren = true;
      if (box.subscribed) n.hasSubscribedChild = true;
    }
  }
  // LSUB with "%" (RFC 3501 6.3.9): a subscribed mailbox the pattern does not reach shows up as
  // its nearest ancestor the pattern matches, flagged \Noselect.
  const lsubParents = new Set<string>();
  if (verb === "LSUB") {
    for (const box of boxes) {
      if (!box.subscribed || q.patterns.some((re) => re.test(box.name))) continue;
      for (let name = box.name, i = name.lastIndexOf(DELIMITER); i > 0; i = name.lastIndexOf(DELIMITER)) {
        name = name.slice(0, i);
        if (q.patterns.some((re) => re.test(name))) {
          lsubParents.add(name);
          break;
        }
      }
    }
  }
  const sorted = [...nodes.values()].sort((x, y) => (x.name === "INBOX" ? -1 : y.name === "INBOX" ? 1 : x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  for (const n of sorted) {
    if (!q.patterns.some((re) => re.test(n.name))) continue;
    const subscribed = n.box?.subscribed ?? false;
    let childInfo = false;
    if (q.subscribedOnly && !subscribed) {
      if (!(q.recursiveMatch && n.hasSubscribedChild) && !lsubParents.has(n.name)) continue;
      childInfo = q.recursiveMatch;
    }
    if (q.specialUseOnly && !n.box?.specialUse) continue;
    const attrs: string[] = [];
    if (!n.box) attrs.push(q.extended ? "\\NonExistent" : "\\Noselect");
    else if (verb === "LSUB" && !subscribed) attrs.push("\\Noselect");
    if (verb === "LIST") attrs.push(n.hasChildren ? "\\HasChildren" : "\\HasNoChildren");
    if (q.returnSubscribed && subscribed) attrs.push("\\Subscribed");
    if (n.box?.specialUse) attrs.push(n.box.specialUse);
    const ext = childInfo ? ' ("CHILDINFO" ("SUBSCRIBED"))' : "";
    const wireName = mailboxToWire(n.name, s.utf8);
    await s.untagged(`${verb} (${attrs.join(" ")}) "${DELIMITER}" ${wireName}${ext}`);
    if (q.status && n.box) {
      const st = await s.store.mailboxes.status(n.box.id).catch(storeRefusal);
      await s.untagged(`STATUS ${wireName} ${formatStatus(s, q.status, st)}`);
    }
  }
}
