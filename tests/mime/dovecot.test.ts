// The summary against a reference: every fixture is put in a Maildir and a private Dovecot IMAP
// process (PREAUTH on stdin/stdout, no listener, no port; as `nobody` when the tests run as root,
// since Dovecot refuses root) answers FETCH BODYSTRUCTURE, ENVELOPE and a set of BODY[section]s.
// The same values rendered from our summary must match.
//
// Rendering rules left to the IMAP layer (default charset, the empty part of an empty multipart)
// are Dovecot's, in helpers.ts bodyTree. Dovecot writes "MISSING_DOMAIN"/"MISSING_MAILBOX" where
// we write "" (types.ts). Deliberate differences, tested in the unit tests instead:
// - RFC 2231 values: Dovecot 2.3 joins continuations but does not decode; we decode (params.test);
// - a quoted local part: Dovecot unquotes it, we keep the quotes so mailbox@host stays an address;
// - ENVELOPE strings: Dovecot collapses runs of whitespace, we only unfold and trim;
// - a repeated Subject: Dovecot takes the last, we the first (as for every field);
// - message/global: Dovecot 2.3 does not open it, we do (RFC 6532, RFC 9051);
// - BODY[n.1] of a non-multipart part: Dovecot answers with the part itself, we with null (checked here);
// - a route outside <> (`@a.b:c@d, <e@f>`): Dovecot drops the rest of the list, we read on.
import { test } from "node:test";
import assert from "node:assert/strict";
import { section, summarize, type SectionSpec } from "../../src/mime/mod.ts";
import { dovecotMissing, runDovecot } from "../protocols/imap/fetch/dovecot.ts";
import { fixtures } from "./fixtures.ts";
import { bodyTree, envelopeTree, type Tree } from "./helpers.ts";

const skip = dovecotMissing;
if (skip) console.log(`# dovecot comparison skipped: ${skip}`);

const SECTIONS = ["HEADER", "TEXT", "1", "1.MIME", "1.1", "2", "2.MIME", "2.HEADER", "2.TEXT", "2.1", "2.1.MIME", "2.2", "3", "HEADER.FIELDS (subject from)", "HEADER.FIELDS.NOT (subject from)", "2.HEADER.FIELDS (subject)"];

function spec(s: string): SectionSpec {
  const m = /^([\d.]*?)\.?(HEADER\.FIELDS\.NOT|HEADER\.FIELDS|HEADER|TEXT|MIME)?(?: \((.*)\))?$/.exec(s)!;
  const path = m[1] === "" ? [] : m[1].split(".").map(Number);
  return { path, ...(m[2] ? { text: m[2] as SectionSpec["text"] } : {}), ...(m[3] ? { fields: m[3].split(" ") } : {}) };
}

// ---- a minimal reader for the FETCH responses (atoms with [...] sections, strings, literals, lists) ----

class Reader {
  i = 0;
  constructor(readonly b: Uint8Array) {}
  value(): Tree | Uint8Array {
    const b = this.b;
    while (b[this.i] === 32) this.i++;
    const c = b[this.i];
    if (c === 40) {
      this.i++;
      const items: Tree[] = [];
      for (;;) {
        while (b[this.i] === 32) this.i++;
        if (this.i >= b.length) throw new Error("Dovecot's output ends inside a list (truncated)");
        if (b[this.i] === 41) {
          this.i++;
          return items;
        }
        items.push(this.value() as Tree);
      }
    }
    if (c === 34) {
      let s = "";
      for (this.i++; b[this.i] !== 34; this.i++) {
        if (b[this.i] === 92) this.i++;
        s += String.fromCharCode(b[this.i]);
      }
      this.i++;
      return s;
    }
    if (c === 123) {
      const close = b.indexOf(125, this.i);
      const n = Number(String.fromCharCode(...b.subarray(this.i + 1, close)));
      this.i = close + 3;
      const bytes = b.slice(this.i, this.i + n);
      this.i += n;
      return String.fromCharCode(...bytes);
    }
    let s = "";
    while (this.i < b.length && b[this.i] !== 32 && b[this.i] !== 41 && b[this.i] !== 13) {
      if (b[this.i] === 91) {
        const close = b.indexOf(93, this.i);
        s += String.fromCharCode(...b.subarray(this.i, close + 1));
        this.i = close + 1;
      } else s += String.fromCharCode(b[this.i++]);
    }
    if (s === "NIL") return null;
    return /^\d+$/.test(s) ? Number(s) : s;
  }
}

/** `* n FETCH (k v k v ...)` responses as n -> { k: v }. */
function parseFetches(out: Uint8Array): Map<number, Record<string, Tree>> {
  const result = new Map<number, Record<string, Tree>>();
  const text = String.fromCharCode(...out.subarray(0, Math.min(out.length, 50_000_000)));
  const re = /\* (\d+) FETCH \(/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const r = new Reader(out);
    r.i = m.index + m[0].length - 1;
    const items = r.value() as Tree[];
    const rec: Record<string, Tree> = {};
    for (let k = 0; k < items.length; k += 2) rec[String(items[k])] = items[k + 1];
    result.set(Number(m[1]), rec);
    re.lastIndex = r.i;
  }
  return result;
}

/** Dovecot's spelling of a missing address part, as ours. */
function normalizeEnvelope(t: Tree): Tree {
  if (Array.isArray(t)) return t.map(normalizeEnvelope);
  return t === "MISSING_DOMAIN" || t === "MISSING_MAILBOX" ? "" : t;
}

test("BODYSTRUCTURE, ENVELOPE and BODY[section] match a private Dovecot for every fixture", { skip }, async () => {
  const names = Object.keys(fixtures);
  {
    const items = ["RFC822.SIZE", "BODYSTRUCTURE", "ENVELOPE", ...SECTIONS.map((s) => `BODY.PEEK[${s}]`)].join(" ");
    const out = await runDovecot(names.map((n) => fixtures[n]), ["a SELECT INBOX", `b FETCH 1:* (${items})`, "c LOGOUT"]);
    const fetched = parseFetches(out);
    assert.equal(fetched.size, names.length, `Dovecot answered ${fetched.size} of ${names.length}`);

    let compared = 0;
    for (const [i, name] of names.entries()) {
      const bytes = fixtures[name];
      const got = fetched.get(i + 1)!;
      assert.equal(got["RFC822.SIZE"], bytes.length, `${name}: message order`);
      const summary = summarize(bytes);
      assert.deepEqual(bodyTree(summary.part), got.BODYSTRUCTURE, `${name}: BODYSTRUCTURE`);
      assert.deepEqual(envelopeTree(summary.envelope), normalizeEnvelope(got.ENVELOPE), `${name}: ENVELOPE`);
      const headerEnded = /(^|\n)\r?\n$/.test(String.fromCharCode(...bytes.subarray(0, summary.part.bodyStart)));
      for (const s of SECTIONS) {
        // Dovecot answers HEADER.FIELDS[.NOT] of a header with no empty line after it in different
        // ways depending on the fields asked (with and without the final CRLF, even the field's
        // own); ours is always the fields, each ending in CRLF, then CRLF.
        if (!headerEnded && s.startsWith("HEADER.FIELDS")) continue;
        const theirs = got[`BODY[${s.toUpperCase()}]`];
        const ours = section(bytes, summary, spec(s));
        const oursText = ours === null ? null : String.fromCharCode(...ours);
        if (ours === null && theirs !== "") {
          // Dovecot's one leniency: n.1 of a part that has no subparts is the part itself.
          const sp = spec(s);
          assert.equal(sp.path[sp.path.length - 1], 1, `${name}: BODY[${s}] is null for us but ${JSON.stringify(theirs)} for Dovecot`);
          const parent = section(bytes, summary, { ...sp, path: sp.path.slice(0, -1) });
          assert.equal(parent && String.fromCharCode(...parent), theirs, `${name}: BODY[${s}] as Dovecot reads it`);
        } else {
          assert.equal(oursText ?? "", theirs, `${name}: BODY[${s}]`);
        }
        compared++;
      }
    }
    console.log(`# compared ${names.length} fixtures with Dovecot (${compared} sections)`);
  }
});
