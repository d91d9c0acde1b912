// FETCH responses against a reference: the same messages in a private Dovecot (see dovecot.ts),
// one FETCH per item, and each of our responses compared with Dovecot's for the same message.
//
// Compared byte for byte, except for letter case: Dovecot echoes media types, parameter names,
// encodings and disposition types as the header spells them, and adds ("charset" "us-ascii");
// we send them upper case (structure.ts). And Dovecot writes a string holding `"` or `\` as an
// escaped quoted string in BODYSTRUCTURE but as a literal in ENVELOPE; we always use a literal
// (out.ts), so for those two items such literals are read as the quoted string they stand for.
// Dovecot also sends decoded 8-bit BINARY data as literal8 (~{n}); we do so only when the data
// holds a NUL (RFC 9051 4.3.1: a "binary string" is one with NULs; 8-bit text may go in a plain
// literal), so a BINARY answer of Dovecot's without NUL is read with ~{n} as {n}.
// Everything else — list structure, NIL, numbers, quoted
// or literal, escaping, order — must be identical. Section data is compared exactly, case included.
// Differences from Dovecot that are decided elsewhere (RFC 2231 decoding, whitespace collapsing in
// ENVELOPE, see tests/mime) are kept out of these messages.
import { test } from "node:test";
import assert from "node:assert/strict";
import { summarize } from "../../../../src/mime/mod.ts";
import { parseFetch, renderFetch } from "../../../../src/protocols/imap/fetch/mod.ts";
import type { MessageMeta } from "../../../../src/store/mail-api.ts";
import { ascii, dovecotMissing, responses, runDovecot } from "./dovecot.ts";
import { MESSAGES } from "./messages.ts";
import { tok } from "./tokens.ts";

if (dovecotMissing) console.log(`# FETCH comparison with Dovecot skipped: ${dovecotMissing}`);

const ITEMS = [
  "BODYSTRUCTURE", "BODY", "ENVELOPE", "RFC822.SIZE",
  "BODY.PEEK[]", "BODY.PEEK[HEADER]", "BODY.PEEK[TEXT]", "BODY.PEEK[1]", "BODY.PEEK[1.MIME]", "BODY.PEEK[2]", "BODY.PEEK[2.MIME]",
  "BODY.PEEK[3]", "BODY.PEEK[3.HEADER]", "BODY.PEEK[3.TEXT]", "BODY.PEEK[3.2]", "BODY.PEEK[3.2.MIME]", "BODY.PEEK[9]",
  "BODY.PEEK[HEADER.FIELDS (From Subject)]", "BODY.PEEK[HEADER.FIELDS.NOT (From Subject)]", "BODY.PEEK[3.HEADER.FIELDS (SUBJECT)]",
  "BODY.PEEK[]<0.10>", "BODY.PEEK[TEXT]<5.7>", "BODY.PEEK[1]<1000.10>",
  "BINARY.PEEK[1]", "BINARY.PEEK[2]", "BINARY.PEEK[3.1]", "BINARY.SIZE[1]", "BINARY.SIZE[2]", "BINARY.PEEK[2]<1.4>",
];
/**
 * Where we answer differently on purpose. A message/rfc822 body in base64 (which RFC 2046 5.2.1
 * forbids, and mailers still send): BINARY removes the transfer encoding as RFC 3516 says; Dovecot
 * sends the base64 as stored.
 */
const DIFFERENT: Record<string, string[]> = {
  encodedMessage: ["BINARY.PEEK[1]", "BINARY.SIZE[1]"],
};

/** Lower case, and a one-line literal written as the escaped quoted string it could have been. */
function canonical(response: string): string {
  const re = /\{(\d+)\}\r\n/g;
  let out = "";
  let i = 0;
  for (let m = re.exec(response); m; m = re.exec(response)) {
    const start = m.index + m[0].length;
    const body = response.slice(start, start + Number(m[1]));
    out += response.slice(i, m.index) + (/^[\x20-\x7e]*$/.test(body) ? `"${body.replace(/["\\]/g, "\\$&")}"` : m[0] + body);
    i = re.lastIndex = start + body.length;
  }
  return (out + response.slice(i)).toLowerCase();
}

/** Items whose rendering depends on case-insensitive tokens (see the header comment). */
const CASE_FREE = new Set(["BODYSTRUCTURE", "BODY"]);

test("FETCH responses match a private Dovecot's, item by item", { skip: dovecotMissing }, async () => {
  const names = Object.keys(MESSAGES);
  const messages = names.map((n) => MESSAGES[n]);
  const out = await runDovecot(messages, ["a SELECT INBOX", ...ITEMS.map((it, i) => `f${i} FETCH 1:* (${it})`), "z LOGOUT"]);
  // Dovecot pipelines: the untagged answers come in command order, one per message, and the
  // tagged OKs after them all. So the k-th group of n FETCH responses answers item k.
  const fetches: string[] = [];
  const done = new Map<string, string>();
  for (const r of responses(out)) {
    const text = ascii(r);
    const tagged = /^(f\d+) (OK|NO|BAD)/.exec(text);
    if (tagged) done.set(tagged[1], text);
    else if (/^\* \d+ FETCH /.test(text)) fetches.push(text);
  }
  for (const [k, item] of ITEMS.entries()) assert.match(done.get(`f${k}`) ?? "", /^f\d+ OK/, `Dovecot's answer to ${item}`);
  assert.equal(fetches.length, ITEMS.length * names.length, "one FETCH response per item and message");
  const theirs = (k: number, seq: number) => {
    const t = fetches[k * names.length + seq - 1];
    assert.ok(t.startsWith(`* ${seq} FETCH `), `response order: ${t.slice(0, 40)}`);
    return t;
  };

  let compared = 0;
  for (const [k, item] of ITEMS.entries()) {
    const parsed = parseFetch(tok(item));
    assert.ok(parsed.ok, item);
    for (const [i, name] of names.entries()) {
      const bytes = messages[i];
      const meta: MessageMeta = { id: i + 1, uid: i + 1, modseq: 1, flags: [], internalDate: new Date(0), size: bytes.length, blobId: "" };
      const r = renderFetch(parsed.plan, { seq: i + 1, meta, summary: summarize(bytes), body: bytes }, { uid: false, condstore: false });
      assert.ok(r instanceof Uint8Array, `${name} ${item}`);
      const ours = ascii(r);
      const dovecot = theirs(k, i + 1);
      if (DIFFERENT[name]?.includes(item)) {
        assert.notEqual(ours, dovecot, `${name} ${item} is listed as different but is not`);
        continue;
      }
      if (CASE_FREE.has(item)) assert.equal(canonical(ours), canonical(dovecot), `${name} ${item}`);
      else if (item.startsWith("BINARY.PEEK") && !dovecot.includes("\0")) assert.equal(ours, dovecot.replace(/ ~\{/, " {"), `${name} ${item}`);
      else assert.equal(ours, dovecot, `${name} ${item}`);
      compared++;
    }
  }
  console.log(`# compared ${compared} FETCH responses (${names.length} messages x ${ITEMS.length} items) with Dovecot`);
});
