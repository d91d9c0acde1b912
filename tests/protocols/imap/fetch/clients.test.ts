/**
 * FETCH and SEARCH through the whole server with real clients over loopback: imapflow (Node's
 * most used IMAP client) reads the structures and sections as a mail program would, and Python's
 * imaplib hands back the raw response bytes, which must be exactly what the libraries render for
 * the message as stored. Messages arrive by APPEND, so their bytes are known.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ImapFlow, type MessageStructureObject } from "imapflow";
import { loadConfig } from "../../../../src/config/mod.ts";
import { summarize } from "../../../../src/mime/mod.ts";
import { parseFetch, renderFetch } from "../../../../src/protocols/imap/fetch/mod.ts";
import { createMailServer, type MailServer } from "../../../../src/server.ts";
import { writeTestConfig } from "../../../helpers/config.ts";
import { run } from "../../../helpers/net.ts";
import { MESSAGES as SEARCH_MESSAGES } from "../search/messages.ts";
import { MESSAGES } from "./messages.ts";
import { tok } from "./tokens.ts";

const USER = { user: "reader@example.test", pass: "reader-pw-1" };
const NAMES = Object.keys(MESSAGES);
const latin1 = (b: Uint8Array) => String.fromCharCode(...b);

describe("FETCH and SEARCH with real clients through the whole server", () => {
  let dir: string;
  let ports: Record<string, number>;
  let server: MailServer;
  let client: ImapFlow;
  /** UID of each fetch message (INBOX) and each search message (mailbox "S"), in order. */
  const uids: number[] = [];
  const searchUids: number[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "wrenmail-imap-fetch-clients-"));
    ({ ports } = await writeTestConfig(dir));
    server = createMailServer(await loadConfig(join(dir, "wrenmail.yaml")), { write: () => {}, graceMs: 200 });
    await server.start();
    await server.store.domains.add("example.test");
    await server.store.accounts.add({ address: USER.user, password: USER.pass });
    client = new ImapFlow({ host: "127.0.0.1", port: ports.imaps, secure: true, auth: USER, tls: { rejectUnauthorized: false }, logger: false });
    await client.connect();
    for (const name of NAMES) {
      const r = await client.append("INBOX", Buffer.from(MESSAGES[name]), [], new Date("2024-05-06T07:08:09Z"));
      assert.ok(r && r.uid, `APPEND ${name}`);
      uids.push(r.uid);
    }
    await client.mailboxCreate("S");
    for (const m of SEARCH_MESSAGES) {
      const r = await client.append("S", Buffer.from(m.bytes), [...(m.flags ?? [])], m.internalDate);
      assert.ok(r && r.uid);
      searchUids.push(r.uid);
    }
  });
  after(async () => {
    await client?.logout().catch(() => {});
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test("imapflow reads BODYSTRUCTURE, ENVELOPE, sections, HEADER.FIELDS and BINARY as intended", async () => {
    const lock = await client.getMailboxLock("INBOX");
    try {
      const uid = uids[NAMES.indexOf("mixed")];
      const m = await client.fetchOne(String(uid), { bodyStructure: true, envelope: true, size: true, headers: ["from", "subject"], bodyParts: ["1", "3.1", "3.header", "2.mime"] }, { uid: true });
      assert.ok(m);
      assert.equal(m.size, MESSAGES.mixed.length);
      const bs = m.bodyStructure!;
      assert.equal(bs.type, "multipart/mixed");
      assert.equal(bs.parameters?.boundary, "outer");
      const kids = bs.childNodes as MessageStructureObject[];
      assert.deepEqual(kids.map((k) => k.type), ["text/plain", "image/png", "message/rfc822", "application/pdf"]);
      assert.deepEqual([kids[0].encoding, kids[0].parameters?.charset, kids[0].size, kids[0].lineCount], ["quoted-printable", "iso-8859-1", 19, 1]);
      const png = kids[1];
      // imapflow lower-cases the MD5 value.
      assert.deepEqual([png.part, png.id, png.description, png.md5?.toLowerCase(), png.location], ["2", "<img1@x.test>", "a small image", "q2hly2sgsw50zwdyaxr5iq==", "http://x.test/a.png"]);
      assert.equal(png.disposition, "attachment");
      assert.deepEqual(png.dispositionParameters, { filename: "a.png", size: "9" });
      assert.deepEqual(png.language, ["en", "de"]);
      const inner = kids[2];
      assert.equal(inner.envelope?.subject, "inner");
      assert.equal(inner.envelope?.from?.[0]?.address, "bob@example.org");
      assert.equal(inner.disposition, "inline");
      const alt = (inner.childNodes as MessageStructureObject[])[0];
      assert.equal(alt.type, "multipart/alternative");
      assert.deepEqual((alt.childNodes as MessageStructureObject[]).map((k) => [k.part, k.type]), [["3.1", "text/plain"], ["3.2", "text/html"]]);
      assert.deepEqual((alt.childNodes as MessageStructureObject[])[1].language, ["fr"]);
      assert.equal(m.envelope?.subject, "mixed");
      assert.equal(m.headers?.toString("latin1"), "From: alice@example.com\r\nSubject: mixed\r\n\r\n");
      assert.equal(m.bodyParts?.get("1")?.toString("latin1"), "caf=E9 =\r\nsoft line");
      assert.equal(m.bodyParts?.get("3.1")?.toString("latin1"), "plain\r\ntext");
      assert.match(m.bodyParts?.get("3.header")?.toString("latin1") ?? "", /^From: bob@example\.org\r\nSubject: inner\r\n.*\r\n\r\n$/s);
      assert.match(m.bodyParts?.get("2.mime")?.toString("latin1") ?? "", /^Content-Type: image\/png; name="a\.png"\r\n.*Content-Description: a small image\r\n\r\n$/s);

      // BINARY.PEEK: transfer encodings removed by the server; the PNG holds NULs (literal8).
      const b = await client.fetchOne(String(uid), { bodyParts: ["1", "2"] }, { uid: true, binary: true });
      assert.ok(b);
      assert.equal(b.bodyParts?.get("1")?.toString("latin1"), "caf\xe9 soft line");
      assert.equal(b.bodyParts?.get("2")?.toString("latin1"), "\x00\x01\x02\x03\x00\x89PNG");

      // ENVELOPE strings sent as literals (quotes, 8-bit) and groups.
      const plain = await client.fetchOne(String(uids[NAMES.indexOf("plain")]), { envelope: true }, { uid: true });
      const e = plain && plain.envelope;
      assert.ok(e);
      assert.equal(e.from?.[0]?.name, 'Joe "Q" Public');
      assert.equal(e.subject, "héllo world");
      assert.equal(e.inReplyTo, "<3456@example.net>");
      assert.equal(e.messageId, "<1234@local.machine.example>");
      assert.deepEqual(e.sender?.map((a) => a.address), ["secretary@example.com"]);
      assert.deepEqual(e.to?.map((a) => a.address), ["mary@x.test", "jdoe@one.test"]);
      const eight = await client.fetchOne(String(uids[NAMES.indexOf("eightBit")]), { envelope: true, bodyStructure: true }, { uid: true });
      assert.equal(eight && eight.envelope?.subject, "Grüße aus Köln");
      assert.equal(eight && eight.envelope?.from?.[0]?.name, "Zoë");
      const long = await client.fetchOne(String(uids[NAMES.indexOf("longSubject")]), { envelope: true }, { uid: true });
      assert.equal(long && long.envelope?.subject, `${"long ".repeat(300)}end`);
      const empty = await client.fetchOne(String(uids[NAMES.indexOf("noBoundary")]), { bodyStructure: true }, { uid: true });
      const emptyKids = (empty ? empty.bodyStructure?.childNodes : undefined) as MessageStructureObject[] | undefined;
      assert.deepEqual(emptyKids?.map((k) => [k.type, k.size]), [["text/plain", 0]]);
    } finally {
      lock.release();
    }
  });

  test("Python imaplib receives exactly the bytes the FETCH library renders", async () => {
    const items = "(BODYSTRUCTURE BODY ENVELOPE RFC822.SIZE BINARY.PEEK[2] BINARY.SIZE[1] BODY.PEEK[3.HEADER.FIELDS (Subject)] BODY.PEEK[TEXT]<4.20>)";
    const script = `
import imaplib, ssl, sys, json, base64
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
M = imaplib.IMAP4_SSL("127.0.0.1", ${ports.imaps}, ssl_context=ctx, timeout=30)
M.login(${JSON.stringify(USER.user)}, ${JSON.stringify(USER.pass)})
M.select("INBOX", readonly=True)
out = []
for uid in sys.argv[1:]:
    typ, data = M.uid("FETCH", uid, ${JSON.stringify(items)})
    assert typ == "OK", (typ, data)
    raw = b"* "
    for d in data:
        raw += d[0] + b"\\r\\n" + d[1] if isinstance(d, tuple) else d + b"\\r\\n"
    out.append(base64.b64encode(raw).decode())
typ, data = M.uid("SEARCH", "RETURN (MIN MAX COUNT ALL) ALL")
out.append(base64.b64encode(M.untagged_responses.get("ESEARCH", [b""])[-1]).decode())
M.logout()
print(json.dumps(out))
`;
    const r = await run("python3", ["-c", script, ...uids.map(String)], { ms: 60_000 });
    assert.equal(r.code, 0, r.stderr);
    // imaplib drops "* " and the word FETCH; put them back.
    const got = (JSON.parse(r.stdout) as string[]).map((b) => latin1(Uint8Array.from(atob(b), (c) => c.charCodeAt(0))).replace(/^\* (\d+) /, "* $1 FETCH "));
    const parsed = parseFetch(tok(items));
    assert.ok(parsed.ok);
    for (const [i, name] of NAMES.entries()) {
      const bytes = MESSAGES[name];
      const meta = { id: 0, uid: uids[i], modseq: 1, flags: [], internalDate: new Date(0), size: bytes.length, blobId: "" };
      const want = renderFetch(parsed.plan, { seq: i + 1, meta, summary: summarize(bytes), body: bytes }, { uid: true, condstore: false });
      assert.ok(want instanceof Uint8Array);
      assert.equal(got[i], latin1(want), name);
    }
    assert.match(got[NAMES.length], new RegExp(`^\\(TAG "[A-Z0-9]+"\\) UID MIN ${uids[0]} MAX ${uids.at(-1)} COUNT ${uids.length} ALL ${uids[0]}:${uids.at(-1)}$`));
  });

  test("imapflow searches: envelope, header and body keys decoded and case-folded, dates, flags, sizes, OR/NOT", async () => {
    const lock = await client.getMailboxLock("S");
    try {
      const find = async (q: Parameters<ImapFlow["search"]>[0]) => {
        const r = await client.search(q, { uid: true });
        assert.ok(Array.isArray(r), `SEARCH ${JSON.stringify(q)} failed`);
        return r.map((u) => searchUids.indexOf(u) + 1).sort();
      };
      // Messages: 1 Jürgen (QP latin-1, seen+answered, 2024-03-05T23:59:59Z, Date 5 Mar -0800),
      // 2 bob (base64, flagged+draft, 2024-03-06T00:00:00Z), 3 Zoe (attached message, deleted),
      // 4 Anna (UTF-8), 5 no Date/From (seen, 2024-03-06T23:59:59Z).
      assert.deepEqual(await find({ from: "jürgen" }), [1]);
      assert.deepEqual(await find({ from: "MÜLLER" }), [1]);
      assert.deepEqual(await find({ to: "juergen" }), [2]);
      assert.deepEqual(await find({ subject: "grüße" }), [1]);
      assert.deepEqual(await find({ header: { "x-mailer": "wren" } }), [1]);
      assert.deepEqual(await find({ body: "schöne" }), [1]);
      assert.deepEqual(await find({ body: "✓" }), [2]);
      assert.deepEqual(await find({ body: "äöü" }), [4]);
      assert.deepEqual(await find({ body: "needle" }), [3]);
      assert.deepEqual(await find({ text: "x-mailer" }), [1]);
      assert.deepEqual(await find({ on: new Date("2024-03-05T12:00:00Z") }), [1]);
      // The server announces WITHIN, so imapflow sends `since` as YOUNGER n (RFC 5032): to the
      // second, not the day; 2 (00:00:00 that day) is older than noon.
      assert.deepEqual(await find({ since: new Date("2024-03-06T12:00:00Z") }), [5]);
      // imapflow moves BEFORE to the next day unless the time is midnight UTC.
      assert.deepEqual(await find({ before: new Date("2024-01-01T00:00:00Z") }), [3]);
      assert.deepEqual(await find({ sentOn: new Date("2024-03-05T12:00:00Z") }), [1]);
      assert.deepEqual(await find({ seen: true }), [1, 5]);
      assert.deepEqual(await find({ seen: false, deleted: false }), [2, 4]);
      assert.deepEqual(await find({ flagged: true, draft: true }), [2]);
      assert.deepEqual(await find({ larger: 400 }), (await find({ all: true })).filter((n) => SEARCH_MESSAGES[n - 1].bytes.length > 400));
      assert.deepEqual(await find({ or: [{ from: "bob" }, { subject: "fwd" }] }), [2, 3]);
      assert.deepEqual(await find({ not: { seen: true } }), [2, 3, 4]);
      assert.deepEqual(await find({ uid: `${searchUids[1]}:${searchUids[2]}` }), [2, 3]);
    } finally {
      lock.release();
    }
  });
});
