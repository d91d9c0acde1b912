// SEARCH against a reference: the same messages (bytes, internal dates, flags) in a private
// Dovecot (see ../fetch/dovecot.ts), the same criteria, and the same answer expected: which
// messages match, and for ESEARCH the response bytes.
//
// Kept out: RECENT/NEW/OLD (\Recent is per session), MODSEQ (numbers differ by store), KEYWORD
// (Maildir keeps keywords in a side file), and HTML bodies, where we search the text a reader sees
// and Dovecot without full-text search the HTML source.
import { test } from "node:test";
import assert from "node:assert/strict";
import { summarize } from "../../../../src/mime/mod.ts";
import { matches, parseSearch, renderSearch } from "../../../../src/protocols/imap/search/mod.ts";
import type { MessageMeta } from "../../../../src/store/mail-api.ts";
import { ascii, dovecotMissing, responses, runDovecot } from "../fetch/dovecot.ts";
import { MESSAGES } from "./messages.ts";
import { toks } from "../fetch/tokens.ts";

if (dovecotMissing) console.log(`# SEARCH comparison with Dovecot skipped: ${dovecotMissing}`);

const CRITERIA = [
  "ALL", "SEEN", "UNSEEN", "ANSWERED", "UNANSWERED", "FLAGGED", "UNFLAGGED", "DELETED", "UNDELETED", "DRAFT", "UNDRAFT",
  "FROM juergen", 'FROM "jürgen müller"', 'FROM "MÜLLER"', "FROM example.org", "FROM anna", 'FROM "straße, anna"', "FROM nobody",
  "TO alice", "TO juergen", "TO undisclosed", "CC carol", "BCC dave", "BCC carol",
  'SUBJECT "grüße"', 'SUBJECT "GRÜSSE AUS"', "SUBJECT meeting", "SUBJECT nested", "SUBJECT strasse", 'SUBJECT "straße"', 'SUBJECT ""',
  "HEADER X-Mailer wren", 'HEADER X-Mailer ""', 'HEADER Date ""', "HEADER Subject report", "HEADER Content-Type mixed",
  'BODY "schöne"', 'BODY "SCHÖNE"', "BODY zeile", "BODY meeting", 'BODY "✓"', "BODY attachment", "BODY secret", "BODY needle", "BODY berlin",
  'BODY "größe"', 'BODY "äöü"', 'BODY "ÄÖÜ"', "BODY tiny",
  "TEXT berlin", "TEXT x-mailer", "TEXT needle", "TEXT juergen",
  "BEFORE 6-Mar-2024", "ON 5-Mar-2024", "ON 6-Mar-2024", "SINCE 6-Mar-2024", "SINCE 7-Mar-2024", "BEFORE 1-Jan-2024", "ON 1-Jan-2024",
  "SENTBEFORE 5-Mar-2024", "SENTON 5-Mar-2024", "SENTON 6-Mar-2024", "SENTSINCE 6-Mar-2024", "SENTON 31-Dec-2023", "SENTON 1-Jan-2024",
  "LARGER 200", "SMALLER 200", "LARGER 500", "SMALLER 100",
  "2:4", "*", "1,3,5", "UID 2:*", "UID 4:2",
  "NOT SEEN", "OR SEEN FLAGGED", "OR (SEEN ANSWERED) DRAFT", "NOT (OR FROM bob SUBJECT fwd)", "SEEN NOT ANSWERED",
  'CHARSET UTF-8 SUBJECT "grüße"', "CHARSET US-ASCII FROM bob",
];

/**
 * Answered differently on purpose:
 * - we fold case with full Unicode case mapping, so "ß" and "SS" meet (search/text.ts fold);
 *   Dovecot's i;unicode-casemap uses simple mappings, where they do not;
 * - BODY also finds the header of an attached message/rfc822 (it is in the body: BODY[TEXT]
 *   holds it); Dovecot searches text parts only;
 * - a message without a Date header has its internal date as sent date (the rule of RFC 5256
 *   SORT); Dovecot takes 1970-01-01, before every date (messages 4 and 5 here).
 */
const DIFFERENT = new Set(['SUBJECT "GRÜSSE AUS"', "BODY secret", "SENTBEFORE 5-Mar-2024", "SENTON 6-Mar-2024", "SENTSINCE 6-Mar-2024", "SENTON 1-Jan-2024"]);

/** ESEARCH data in one order: Dovecot sends COUNT after ALL, we before (RFC 4731 sets no order). */
const countLast = (r: string) => r.replace(/ COUNT (\d+)(.*)\r\n$/, "$2 COUNT $1\r\n");

const ESEARCHES = ["RETURN (MIN MAX COUNT ALL) UNSEEN", "RETURN () ALL", "RETURN (COUNT) FROM nobody", "RETURN (MIN) SEEN", "RETURN (MAX ALL) NOT DELETED"];

test("SEARCH results match a private Dovecot's", { skip: dovecotMissing }, async () => {
  const commands = ["a SELECT INBOX", ...CRITERIA.map((c, i) => `s${i} SEARCH ${c}`), ...ESEARCHES.map((c, i) => `e${i} UID SEARCH ${c}`), "z LOGOUT"];
  const out = await runDovecot(MESSAGES, commands);
  // Dovecot pipelines: the untagged answers come in command order, the tagged OKs after them.
  const answers: string[] = [];
  const done = new Map<string, string>();
  for (const r of responses(out)) {
    const text = ascii(r);
    const tagged = /^([se]\d+) (OK|NO|BAD)/.exec(text);
    if (tagged) done.set(tagged[1], text);
    else if (/^\* E?SEARCH/.test(text)) answers.push(text);
  }
  for (const [i, c] of CRITERIA.entries()) assert.match(done.get(`s${i}`) ?? "", /^s\d+ OK/, `Dovecot's answer to ${c}`);
  assert.equal(answers.length, CRITERIA.length + ESEARCHES.length);

  const metas: MessageMeta[] = MESSAGES.map((m, i) => ({
    id: i + 1, uid: i + 1, modseq: 1, flags: [...(m.flags ?? [])], internalDate: m.internalDate!, size: m.bytes.length, blobId: "",
  }));
  const summaries = MESSAGES.map((m) => summarize(m.bytes));
  const ctx = { maxSeq: MESSAGES.length, maxUid: MESSAGES.length, saved: null, now: new Date() };
  const run = (criteria: string, uid: boolean) => {
    const p = parseSearch(toks(criteria), { uid, imap4rev2: false });
    if (!p.ok) assert.fail(`${criteria}: ${p.message}`);
    const matched = MESSAGES.flatMap((m, i) =>
      matches(p.query, { seq: i + 1, meta: metas[i], summary: p.query.needsSummary ? summaries[i] : null, body: p.query.needsBody ? m.bytes : null }, ctx) ? [i + 1] : []
    );
    return { q: p.query, matched };
  };
  const mismatches: string[] = [];
  for (const [i, criteria] of CRITERIA.entries()) {
    const { q, matched } = run(criteria, false);
    const ours = ascii(renderSearch(q, `s${i}`, matched, { uid: false }));
    if (DIFFERENT.has(criteria)) assert.notEqual(ours, answers[i], `${criteria} is listed as different but is not`);
    else if (ours !== answers[i]) mismatches.push(`${criteria}: ours ${JSON.stringify(ours)}, Dovecot ${JSON.stringify(answers[i])}`);
  }
  for (const [i, criteria] of ESEARCHES.entries()) {
    const { q, matched } = run(criteria, true);
    const ours = ascii(renderSearch(q, `e${i}`, matched, { uid: true }));
    if (countLast(ours) !== countLast(answers[CRITERIA.length + i])) mismatches.push(`${criteria}: ours ${JSON.stringify(ours)}, Dovecot ${JSON.stringify(answers[CRITERIA.length + i])}`);
  }
  assert.deepEqual(mismatches, []);
  console.log(`# compared ${CRITERIA.length} SEARCH and ${ESEARCHES.length} UID SEARCH RETURN answers with Dovecot`);
});
