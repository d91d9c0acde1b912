/**
 * The whole server (createMailServer from a config file) with the real IMAP session on the real
 * store, driven by real clients over loopback: imapflow, Python imaplib, curl, mbsync and mutt.
 * Mail arrives by SMTP (swaks), as it would in use.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FetchMessageObject, type FetchQueryObject, ImapFlow, type SearchObject } from "imapflow";
import { loadConfig } from "../../src/config/mod.ts";
import { createMailServer, type MailServer } from "../../src/server.ts";
import { writeTestConfig } from "../helpers/config.ts";
import * as tls from "node:tls";
import { connectRaw, rawClient, run, within } from "../helpers/net.ts";

const ALICE = { user: "alice@example.test", pass: "alice-pw-1" };
const BOB = { user: "bob@example.test", pass: "bob-pw-1" };
const CAROL = { user: "carol@example.test", pass: "carol-pw-1" };

/** UIDs matching `q` (imapflow answers false on failure). */
async function find(c: ImapFlow, q: SearchObject): Promise<number[]> {
  const r = await c.search(q, { uid: true });
  assert.ok(Array.isArray(r), "SEARCH failed");
  return r;
}

/** One message by UID. */
async function one(c: ImapFlow, uid: number, q: FetchQueryObject): Promise<FetchMessageObject> {
  const m = await c.fetchOne(String(uid), q, { uid: true });
  assert.ok(m, `FETCH ${uid} failed`);
  return m;
}

const BODY = (subject: string, extra = "") =>
  `From: Alice <alice@example.test>\r\nTo: Bob <bob@example.test>\r\nSubject: ${subject}\r\nMessage-ID: <${subject}@example.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello Bob,\r\n${extra}bye\r\n`;

describe("IMAP through the whole server with real clients", () => {
  let dir: string;
  let ports: Record<string, number>;
  let server: MailServer;

  /** swaks reads the message from a file (`@path`) and adds the last line end itself. */
  async function smtp(to: string, body: string): Promise<void> {
    const path = join(dir, `swaks-${Math.random().toString(36).slice(2)}.eml`);
    await writeFile(path, body.endsWith("\r\n") ? body.slice(0, -2) : body);
    const r = await run("swaks", ["--server", "127.0.0.1", "--port", String(ports.smtp), "--from", "sender@outside.org", "--to", to, "--data", `@${path}`], { ms: 30_000 });
    assert.equal(r.code, 0, r.stderr + r.stdout);
  }
  /** The bytes the store holds for a message found by subject (trace headers included). */
  async function stored(address: string, mailbox: string, subject: string): Promise<string> {
    const account = await server.store.accounts.get(address);
    const box = await server.store.mailboxes.get(account!.id, mailbox);
    for (const m of await server.store.messages.list(box!.id)) {
      const text = new TextDecoder().decode((await server.store.blobs.get(m.blobId))!);
      if (text.includes(`Subject: ${subject}\r\n`)) return text;
    }
    throw new Error(`no message ${subject} in ${address}/${mailbox}`);
  }
  /** A raw IMAPS client: `cmd` sends a tagged line and returns everything up to its tagged answer. */
  async function raw(): Promise<{ cmd(line: string): Promise<string>; close(): void }> {
    const sock = await new Promise<tls.TLSSocket>((resolve, reject) => {
      const t = tls.connect({ host: "127.0.0.1", port: ports.imaps, rejectUnauthorized: false }, () => resolve(t));
      t.once("error", reject);
    });
    const c = rawClient(sock);
    await c.readUntil("\r\n");
    let from = c.text().length;
    let n = 0;
    return {
      async cmd(line) {
        const tag = `r${++n}`;
        await c.write(`${tag} ${line}\r\n`);
        const re = new RegExp(`(^|\\r\\n)${tag} (OK|NO|BAD)[^\\r]*\\r\\n`);
        const text = (await c.readUntil(re, 20_000, from)).slice(from);
        const m = re.exec(text)!;
        from += m.index + m[0].length;
        return text.slice(0, m.index + m[0].length);
      },
      close: () => c.close(),
    };
  }
  function flow(o: { port?: number; secure?: boolean; user?: typeof ALICE } = {}): ImapFlow {
    return new ImapFlow({
      host: "127.0.0.1",
      port: o.port ?? ports.imaps,
      secure: o.secure ?? true,
      auth: o.user ?? ALICE,
      tls: { rejectUnauthorized: false },
      logger: false,
    });
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "wrenmail-imap-it-"));
    ({ ports } = await writeTestConfig(dir, "imap:\n  allowPlaintextAuth: true\n"));
    server = createMailServer(await loadConfig(join(dir, "wrenmail.yaml")), { write: () => {}, graceMs: 200 });
    await server.start();
    await server.store.domains.add("example.test");
    await server.store.accounts.add({ address: ALICE.user, password: ALICE.pass });
    await server.store.accounts.add({ address: BOB.user, password: BOB.pass, quota: 10 * 1024 * 1024 });
    await server.store.accounts.add({ address: CAROL.user, password: CAROL.pass });
  });
  after(async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test("imapflow over imaps: a message delivered by SMTP is found, fetched byte-identical, flagged, copied, moved, expunged", async () => {
    await smtp(BOB.user, BODY("flow-1", "first message\r\n"));
    await smtp(BOB.user, BODY("flow-2"));
    const c = flow({ user: BOB });
    await c.connect();
    try {
      const lock = await c.getMailboxLock("INBOX");
      try {
        const found = await find(c, { subject: "flow-1" });
        assert.equal(found.length, 1);
        const uid = found[0]!;
        const msg = await one(c, uid, { source: true, envelope: true, flags: true, bodyStructure: true, size: true });
        assert.equal(msg.source!.toString("latin1"), await stored(BOB.user, "INBOX", "flow-1"));
        assert.equal(msg.envelope!.subject, "flow-1");
        assert.equal(msg.envelope!.from![0]!.address, "alice@example.test");
        assert.equal(msg.bodyStructure!.type, "text/plain");
        assert.ok(!msg.flags!.has("\\Seen"), "BODY.PEEK leaves \\Seen alone");
        assert.equal(await c.messageFlagsAdd(String(uid), ["\\Flagged", "$Important"], { uid: true }), true);
        const flagged = await one(c, uid, { flags: true });
        assert.deepEqual([...flagged!.flags!].sort(), ["$Important", "\\Flagged"]);
        assert.deepEqual(await find(c, { flagged: true }), [uid]);

        const copied = await c.messageCopy(String(uid), "Archive", { uid: true });
        assert.ok(copied && copied.uidMap && copied.uidMap.size === 1, "COPYUID understood");
        const moved = await c.messageMove(String(uid), "Junk", { uid: true });
        assert.ok(moved && moved.uidMap && moved.uidMap.get(uid));
        assert.deepEqual(await find(c, { subject: "flow-1" }), []);

        const other = (await find(c, { subject: "flow-2" }))[0]!;
        assert.equal(await c.messageDelete(String(other), { uid: true }), true);
        assert.deepEqual(await find(c, { all: true }), []);
      } finally {
        lock.release();
      }
      const st = await c.status("Archive", { messages: true, unseen: true });
      assert.ok(st);
      assert.equal(st.messages, 1);
      assert.equal(st.unseen, 1);
      assert.equal((await stored(BOB.user, "Archive", "flow-1")).length > 0, true);
      assert.equal(await stored(BOB.user, "Junk", "flow-1"), await stored(BOB.user, "Archive", "flow-1"));
      const quota = await c.getQuota("INBOX");
      assert.ok(quota && quota.storage && quota.storage.limit === 10 * 1024 * 1024, JSON.stringify(quota));
      const list = await c.list();
      assert.deepEqual(list.filter((m) => m.specialUse && m.path !== "INBOX").map((m) => `${m.path}=${m.specialUse}`).sort(), ["Archive=\\Archive", "Drafts=\\Drafts", "Junk=\\Junk", "Sent=\\Sent", "Trash=\\Trash"]);
    } finally {
      await c.logout();
    }
  });

  test("imapflow STARTTLS on the imap port: APPEND returns APPENDUID, the bytes come back exactly", async () => {
    const c = flow({ port: ports.imap, secure: false });
    await c.connect();
    try {
      const raw = BODY("appended", "caf\u00e9 \u2603\r\n");
      const r = await c.append("Drafts", Buffer.from(raw), ["\\Draft"], new Date("2025-03-04T05:06:07Z"));
      assert.ok(r && r.uid && r.uidValidity);
      const lock = await c.getMailboxLock("Drafts");
      try {
        const m = await one(c, r.uid, { source: true, internalDate: true, flags: true });
        assert.equal(m!.source!.toString("utf8"), raw);
        assert.equal((m!.internalDate as Date).toISOString(), "2025-03-04T05:06:07.000Z");
        assert.ok(m!.flags!.has("\\Draft"));
      } finally {
        lock.release();
      }
    } finally {
      await c.logout();
    }
  });

  test("two imapflow sessions: one in IDLE sees EXISTS, flag changes and EXPUNGE made by the other", async () => {
    await smtp(ALICE.user, BODY("idle-1"));
    const watcher = flow();
    const actor = flow();
    await watcher.connect();
    await actor.connect();
    const events: string[] = [];
    try {
      await watcher.mailboxOpen("INBOX");
      const before = watcher.mailbox && typeof watcher.mailbox === "object" ? watcher.mailbox.exists : 0;
      watcher.on("exists", (d) => events.push(`exists ${d.count}`));
      watcher.on("flags", (d) => events.push(`flags ${d.uid} ${[...d.flags].sort().join(",")}`));
      watcher.on("expunge", (d) => events.push(`expunge ${d.seq ?? ""}${d.uid ?? ""}`));
      const idling = watcher.idle();
      const until = async (re: RegExp) => {
        for (let i = 0; i < 400 && !events.some((e) => re.test(e)); i++) await new Promise((r) => setTimeout(r, 25));
        assert.ok(events.some((e) => re.test(e)), `${re} not in ${JSON.stringify(events)}`);
      };
      await actor.mailboxOpen("INBOX");
      await smtp(ALICE.user, BODY("idle-2"));
      await until(new RegExp(`^exists ${before + 1}$`));
      const uid = (await find(actor, { subject: "idle-2" }))[0]!;
      await actor.messageFlagsAdd(String(uid), ["\\Seen"], { uid: true });
      await until(new RegExp(`^flags ${uid} \\\\Seen$`));
      await actor.messageDelete(String(uid), { uid: true });
      await until(/^expunge /);
      void idling;
    } finally {
      await actor.logout();
      await watcher.logout();
    }
  });

  test("two raw sessions on one mailbox: the NOOP poller sees exactly the EXISTS, FETCH FLAGS and EXPUNGE the other caused", async () => {
    for (const n of [1, 2, 3]) await smtp(BOB.user, BODY(`poll-${n}`));
    const poller = await raw();
    const actor = await raw();
    try {
      await poller.cmd(`LOGIN ${BOB.user} ${BOB.pass}`);
      await actor.cmd(`LOGIN ${BOB.user} ${BOB.pass}`);
      const sel = await poller.cmd("SELECT INBOX");
      const exists = Number(/\* (\d+) EXISTS/.exec(sel)![1]);
      await actor.cmd("SELECT INBOX");
      assert.equal(await poller.cmd("NOOP"), "r3 OK NOOP completed\r\n");
      const uids = (await actor.cmd("UID SEARCH SUBJECT poll")).match(/\* SEARCH ([\d ]+)/)![1]!.split(" ").map(Number);
      assert.equal(uids.length, 3);
      await actor.cmd(`UID STORE ${uids[0]} +FLAGS (\\Flagged)`);
      await actor.cmd(`UID STORE ${uids[1]} +FLAGS.SILENT (\\Deleted)`);
      await actor.cmd("EXPUNGE");
      await smtp(BOB.user, BODY("poll-4"));
      const seq1 = exists - 2;
      const seq2 = exists - 1;
      assert.equal(await poller.cmd("NOOP"), `* ${seq2} EXPUNGE\r\n* ${exists} EXISTS\r\n* ${seq1} FETCH (FLAGS (\\Flagged) UID ${uids[0]})\r\nr4 OK NOOP completed\r\n`);
      assert.equal(await poller.cmd("NOOP"), "r5 OK NOOP completed\r\n");
    } finally {
      poller.close();
      actor.close();
    }
  });

  test("CONDSTORE/QRESYNC after a reconnect: only the changes since the client's MODSEQ come back", async () => {
    for (const n of [1, 2, 3, 4]) await smtp(ALICE.user, BODY(`resync-${n}`));
    const first = await raw();
    await first.cmd(`LOGIN ${ALICE.user} ${ALICE.pass}`);
    await first.cmd("ENABLE QRESYNC");
    await first.cmd("CREATE Resync");
    await first.cmd("SELECT INBOX");
    await first.cmd("UID MOVE 1:* Resync");
    const sel = await first.cmd("SELECT Resync");
    const uidValidity = /UIDVALIDITY (\d+)/.exec(sel)![1];
    const modseq = Number(/HIGHESTMODSEQ (\d+)/.exec(sel)![1]);
    const uids = (await first.cmd("UID SEARCH SUBJECT resync")).match(/\* SEARCH ([\d ]+)/)![1]!.split(" ").map(Number);
    first.close();

    // Another client changes one message's flags and expunges another while the first is away.
    const c = flow();
    await c.connect();
    const lock = await c.getMailboxLock("Resync");
    try {
      await c.messageFlagsAdd(String(uids[0]), ["\\Answered"], { uid: true });
      await c.messageDelete(String(uids[2]), { uid: true });
      // imapflow's own CONDSTORE view: FETCH ... (CHANGEDSINCE) returns only the changed message.
      const changed = [];
      for await (const m of c.fetch("1:*", { flags: true }, { uid: true, changedSince: BigInt(modseq) })) changed.push(m.uid);
      assert.deepEqual(changed, [uids[0]]);
    } finally {
      lock.release();
      await c.logout();
    }

    const again = await raw();
    try {
      await again.cmd(`LOGIN ${ALICE.user} ${ALICE.pass}`);
      await again.cmd("ENABLE QRESYNC");
      const re = await again.cmd(`SELECT Resync (QRESYNC (${uidValidity} ${modseq} ${uids.join(",")}))`);
      const updates = re.split("\r\n").filter((l) => /VANISHED|FETCH/.test(l));
      assert.equal(updates.length, 2, re);
      assert.equal(updates[0], `* VANISHED (EARLIER) ${uids[2]}`);
      assert.match(updates[1]!, new RegExp(`^\\* \\d+ FETCH \\(FLAGS \\(\\\\Answered\\) UID ${uids[0]} MODSEQ \\(\\d+\\)\\)$`));
      const hms = Number(/HIGHESTMODSEQ (\d+)/.exec(re)![1]);
      // Up to date: nothing more to tell.
      const none = await again.cmd(`UID FETCH 1:* (FLAGS) (CHANGEDSINCE ${hms} VANISHED)`);
      assert.match(none, /^r4 OK UID FETCH completed\r\n$/);
    } finally {
      again.close();
    }
  });

  test("Python imaplib: plain LOGIN (allowPlaintextAuth), STARTTLS and IMAP4_SSL; search, fetch, store, copy, expunge", async () => {
    await smtp(ALICE.user, BODY("py-1"));
    const original = await stored(ALICE.user, "INBOX", "py-1");
    const py = `
import imaplib, ssl, sys
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
plain = imaplib.IMAP4("127.0.0.1", ${ports.imap}, timeout=20)
print("plain", plain.login("${ALICE.user}", "${ALICE.pass}")[0])
plain.logout()
st = imaplib.IMAP4("127.0.0.1", ${ports.imap}, timeout=20)
st.starttls(ssl_context=ctx)
print("starttls", st.login("${ALICE.user}", "${ALICE.pass}")[0])
st.logout()
m = imaplib.IMAP4_SSL("127.0.0.1", ${ports.imaps}, ssl_context=ctx, timeout=20)
m.login("${ALICE.user}", "${ALICE.pass}")
typ, data = m.select("INBOX")
typ, data = m.search(None, 'SUBJECT', '"py-1"')
num = data[0].split()[-1]
typ, data = m.fetch(num, "(BODY.PEEK[])")
sys.stdout.buffer.write(b"BODY<" + data[0][1] + b">\\n")
print("store", m.store(num, "+FLAGS", "(\\\\Answered)")[0])
print("copy", m.copy(num, "Trash")[0])
print("flagged", m.search(None, "ANSWERED")[1][0].decode())
m.store(num, "+FLAGS", "(\\\\Deleted)")
print("expunge", m.expunge()[0])
print("status", m.status("Trash", "(MESSAGES)")[1][0].decode())
m.logout()
`;
    const r = await run("python3", ["-c", py], { ms: 60_000 });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /^plain OK$/m);
    assert.match(r.stdout, /^starttls OK$/m);
    const body = /BODY<([\s\S]*)>\n/.exec(r.stdout)![1]!;
    assert.equal(body, original);
    assert.match(r.stdout, /^store OK$/m);
    assert.match(r.stdout, /^copy OK$/m);
    assert.match(r.stdout, /^flagged \d+$/m);
    assert.match(r.stdout, /^expunge OK$/m);
    assert.match(r.stdout, /^status "Trash" \(MESSAGES 1\)$/m);
  });

  test("curl imap:// and imaps://: list, examine, fetch by UID", async () => {
    await smtp(BOB.user, BODY("curl-1"));
    const list = await run("curl", ["-sS", "--user", `${BOB.user}:${BOB.pass}`, `imap://127.0.0.1:${ports.imap}/`], { ms: 30_000 });
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /\* LIST \(\\HasNoChildren \\Sent\) "\/" "Sent"/);
    const uid = (await server.store.messages.uids((await server.store.mailboxes.get((await server.store.accounts.get(BOB.user))!.id, "INBOX"))!.id)).at(-1)!;
    const fetched = await run("curl", ["-sS", "-k", "--user", `${BOB.user}:${BOB.pass}`, `imaps://127.0.0.1:${ports.imaps}/INBOX/;UID=${uid}`], { ms: 30_000 });
    assert.equal(fetched.code, 0, fetched.stderr);
    assert.equal(fetched.stdout, await stored(BOB.user, "INBOX", "curl-1"));
    const tls = await run("curl", ["-sS", "-k", "--ssl-reqd", "--user", `${BOB.user}:${BOB.pass}`, "-X", "EXAMINE INBOX", `imap://127.0.0.1:${ports.imap}/`], { ms: 30_000 });
    assert.equal(tls.code, 0, tls.stderr);
    assert.match(tls.stdout, /\* OK \[UIDVALIDITY \d+\]/);
  });

  test("mbsync (isync) syncs both ways over IMAPS: mail down to a Maildir, a new message, a flag and a deletion back up", async () => {
    await smtp(ALICE.user, BODY("mbsync-down"));
    const home = join(dir, "mbsync");
    const maildir = join(home, "mail");
    await mkdir(maildir, { recursive: true });
    const cert = (await server.store.certificates.get(server.services.get("imaps").certificate))!.cert;
    await writeFile(join(home, "cert.pem"), cert);
    const config = [
      "IMAPAccount wren",
      "Host 127.0.0.1",
      `Port ${ports.imaps}`,
      `User ${ALICE.user}`,
      `Pass ${ALICE.pass}`,
      "SSLType IMAPS",
      `CertificateFile ${join(home, "cert.pem")}`,
      "",
      "IMAPStore remote",
      "Account wren",
      "",
      "MaildirStore local",
      `Path ${maildir}/`,
      `Inbox ${maildir}/INBOX`,
      "SubFolders Verbatim",
      "",
      "Channel sync",
      "Far :remote:",
      "Near :local:",
      "Patterns INBOX Archive",
      "Create Both",
      "Expunge Both",
      "SyncState *",
      "",
    ].join("\n");
    await writeFile(join(home, "mbsyncrc"), config);
    const mbsync = () => run("mbsync", ["-c", join(home, "mbsyncrc"), "-a"], { ms: 60_000 });
    const first = await mbsync();
    assert.equal(first.code, 0, first.stderr + first.stdout);
    const files = async (box: string) => (await readdir(join(maildir, box, "cur"))).concat(await readdir(join(maildir, box, "new")));
    const pulled = [];
    for (const name of await readdir(join(maildir, "INBOX", "new")).then((n) => n.map((x) => join(maildir, "INBOX", "new", x))).catch(() => [] as string[])) pulled.push(name);
    for (const name of await readdir(join(maildir, "INBOX", "cur")).then((n) => n.map((x) => join(maildir, "INBOX", "cur", x)))) pulled.push(name);
    let down: string | undefined;
    for (const p of pulled) if ((await readFile(p, "latin1")).includes("Subject: mbsync-down\n")) down = p;
    assert.ok(down, `mbsync-down not in ${JSON.stringify(await files("INBOX"))}: ${JSON.stringify(await Promise.all(pulled.map((p) => readFile(p, "latin1"))))}`);
    // mbsync adds its own X-TUID header on the way down; everything else is the stored message.
    assert.equal((await readFile(down, "latin1")).replace(/^X-TUID: .*\n/m, ""), (await stored(ALICE.user, "INBOX", "mbsync-down")).replace(/\r\n/g, "\n"));

    // Up: a new message in the local Archive, the pulled one marked seen and flagged locally.
    const up = BODY("mbsync-up");
    await mkdir(join(maildir, "Archive", "cur"), { recursive: true });
    await writeFile(join(maildir, "Archive", "cur", "1700000000.1_1.host:2,S"), up.replace(/\r\n/g, "\n"));
    const { rename } = await import("node:fs/promises");
    await rename(down, join(maildir, "INBOX", "cur", down.split("/").pop()!.replace(/:2,.*$/, "") + ":2,FS"));
    const second = await mbsync();
    assert.equal(second.code, 0, second.stderr + second.stdout);
    assert.equal((await stored(ALICE.user, "Archive", "mbsync-up")).replace(/^X-TUID: .*\r\n/m, ""), up);
    const account = await server.store.accounts.get(ALICE.user);
    const inbox = await server.store.mailboxes.get(account!.id, "INBOX");
    const flagsOf = async (boxId: number, subject: string) => {
      for (const m of await server.store.messages.list(boxId)) {
        if (new TextDecoder().decode((await server.store.blobs.get(m.blobId))!).includes(`Subject: ${subject}\r\n`)) return m.flags;
      }
      return null;
    };
    assert.deepEqual(await flagsOf(inbox!.id, "mbsync-down"), ["\\Flagged", "\\Seen"]);
    const archive = await server.store.mailboxes.get(account!.id, "Archive");
    assert.deepEqual(await flagsOf(archive!.id, "mbsync-up"), ["\\Seen"]);

    // A local deletion (maildir T flag, expunged by mbsync) removes it on the server.
    const local = (await readdir(join(maildir, "INBOX", "cur"))).find((n) => n.endsWith(":2,FS"))!;
    await rename(join(maildir, "INBOX", "cur", local), join(maildir, "INBOX", "cur", local.replace(/:2,FS$/, ":2,FST")));
    const third = await mbsync();
    assert.equal(third.code, 0, third.stderr + third.stdout);
    assert.equal(await flagsOf(inbox!.id, "mbsync-down"), null);
  });

  test("mutt: in batch mode sends by SMTP and files the copy in Sent over IMAPS; then reads, prints and saves to Archive", async () => {
    const home = join(dir, "mutt");
    await mkdir(home, { recursive: true });
    // The self-signed certificate is trusted up front: mutt would ask interactively otherwise.
    const cert = (await server.store.certificates.get(server.services.get("imaps").certificate))!.cert;
    await writeFile(join(home, "certs"), cert);
    const folder = (u: typeof ALICE) => `imaps://${encodeURIComponent(u.user)}@127.0.0.1:${ports.imaps}/`;
    const rc = (u: typeof ALICE) => [
      `set folder="${folder(u)}"`,
      `set imap_pass="${u.pass}"`,
      "set spoolfile=+INBOX",
      "set record=+Sent",
      "set copy=yes",
      `set from="${u.user}"`,
      `set smtp_url="smtp://127.0.0.1:${ports.smtp}/"`,
      "set ssl_starttls=no",
      `set certificate_file="${join(home, "certs")}"`,
      "set ssl_verify_host=no",
      "set mail_check=0",
      "set timeout=5",
      "set confirmappend=no",
      "set confirmcreate=no",
      "set delete=yes",
      "set move=no",
      "set quit=yes",
      "set wait_key=no",
      "set beep=no",
      `set print_command="cat > ${join(home, "printed.txt")}"`,
      "set print=yes",
      "set print_decode=no",
      "",
    ].join("\n");
    await writeFile(join(home, "alice.rc"), rc(ALICE));
    await writeFile(join(home, "bob.rc"), rc(BOB));

    // Batch mode (no terminal): the body on stdin, sent by SMTP, the copy APPENDed to Sent.
    const sent = await run("mutt", ["-n", "-F", join(home, "alice.rc"), "-s", "mutt-1", BOB.user], { steps: [[0, "Hello Bob,\nfrom mutt\n"]], ms: 60_000 });
    assert.equal(sent.code, 0, sent.stderr + sent.stdout);
    assert.match(await stored(ALICE.user, "Sent", "mutt-1"), /from mutt/);
    for (let i = 0; i < 200; i++) {
      if (await stored(BOB.user, "INBOX", "mutt-1").catch(() => null)) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    assert.match(await stored(BOB.user, "INBOX", "mutt-1"), /from mutt/);

    // Reading needs a terminal: script(1) gives mutt one; the keys come from the push queue.
    const keys = "<limit>~s mutt-1<enter><print-message><save-message>=Archive<enter><sync-mailbox><quit>";
    const cmd = `mutt -n -F ${join(home, "bob.rc")} -e "push '${keys}'"`;
    const r = await run("script", ["-qec", cmd, "/dev/null"], { ms: 60_000 });
    assert.equal(r.code, 0, r.stderr + r.stdout.slice(-2000));
    const printed = await readFile(join(home, "printed.txt"), "latin1");
    assert.match(printed, /Subject: mutt-1/);
    assert.match(printed, /from mutt/);
    assert.match(await stored(BOB.user, "Archive", "mutt-1"), /from mutt/);
    await assert.rejects(stored(BOB.user, "INBOX", "mutt-1"), "saved, then deleted from the INBOX");
  });

  test("getmail6 over IMAPS retrieves each message once, byte for byte, and deletes when told to", async () => {
    await smtp(CAROL.user, BODY("getmail-1", "..a line with dots\r\n"));
    await smtp(CAROL.user, BODY("getmail-2"));
    const expected = [await stored(CAROL.user, "INBOX", "getmail-1"), await stored(CAROL.user, "INBOX", "getmail-2")];
    const home = join(dir, "getmail");
    const out = join(home, "out");
    await mkdir(out, { recursive: true });
    const ca = join(home, "ca.pem");
    await writeFile(ca, (await server.store.certificates.get(server.services.get("imaps").certificate))!.cert);
    const save = join(home, "save.sh");
    await writeFile(save, `#!/bin/sh\ncat > "$(mktemp -p '${out}' msg.XXXXXX)"\n`);
    await chmod(save, 0o755);
    const rc = (remove: boolean) => [
      "[retriever]",
      "type = SimpleIMAPSSLRetriever",
      "server = localhost",
      `port = ${ports.imaps}`,
      `username = ${CAROL.user}`,
      `password = ${CAROL.pass}`,
      `ca_certs = ${ca}`,
      'mailboxes = ("INBOX",)',
      // An IMAP retriever option: no X-getmail-retrieved-from-mailbox header.
      "record_mailbox = false",
      "",
      "[destination]",
      "type = MDA_external",
      `path = ${save}`,
      "allow_root_commands = true",
      "",
      "[options]",
      "read_all = false",
      `delete = ${remove}`,
      "received = false",
      "delivered_to = false",
      "",
    ].join("\n");
    const get = async (remove: boolean) => {
      await writeFile(join(home, "getmailrc"), rc(remove));
      return run("getmail", ["--getmaildir", home, "--rcfile", "getmailrc"], { ms: 60_000 });
    };
    const first = await get(false);
    assert.equal(first.code, 0, first.stdout + first.stderr);
    assert.match(first.stdout, /2 messages \(\d+ bytes\) retrieved, 0 skipped/);
    const got = await Promise.all((await readdir(out)).map((f) => readFile(join(out, f), "latin1")));
    // getmail hands messages to the delivery command with LF line ends.
    assert.deepEqual(got.sort(), expected.map((m) => m.replace(/\r\n/g, "\n")).sort());
    const second = await get(true);
    assert.equal(second.code, 0, second.stdout + second.stderr);
    assert.match(second.stdout, /0 messages \(0 bytes\) retrieved, 2 skipped/);
    // Told to delete, getmail removes what it already has: \Deleted + EXPUNGE on the server.
    const account = await server.store.accounts.get(CAROL.user);
    const inbox = await server.store.mailboxes.get(account!.id, "INBOX");
    assert.deepEqual(await server.store.messages.uids(inbox!.id), []);
  });

  test("UTF8=ACCEPT: imaplib enables it and uses UTF-8 names; APPEND UTF8 (~{n}) over a raw socket; imapflow reads the 8-bit header", async () => {
    const py = `
import imaplib, ssl, sys
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
m = imaplib.IMAP4_SSL("127.0.0.1", ${ports.imaps}, ssl_context=ctx, timeout=20)
m.login("${CAROL.user}", "${CAROL.pass}")
print("announced", "UTF8=ACCEPT" in m.capabilities)
print("enable", m.enable("UTF8=ACCEPT")[0])
print("create", m.create('"Grüße/Köln"')[0])
sys.stdout.buffer.write(b"list " + m.list('""', '"Grüße/*"')[1][0] + b"\\n")
print("select", m.select('"Grüße/Köln"')[0])
sys.stdout.buffer.write(b"status " + m.status('"Grüße/Köln"', "(MESSAGES)")[1][0] + b"\\n")
m.logout()
`;
    const r = await run("python3", ["-c", py], { ms: 60_000 });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /^announced True$/m);
    assert.match(r.stdout, /^enable OK$/m);
    assert.match(r.stdout, /^create OK$/m);
    assert.match(r.stdout, /^list \(\\HasNoChildren\) "\/" "Grüße\/Köln"$/m, "the name comes back in UTF-8, not modified UTF-7");
    assert.match(r.stdout, /^select OK$/m);
    assert.match(r.stdout, /^status "Grüße\/Köln" \(MESSAGES 0\)$/m);

    // imaplib's own UTF8 APPEND puts "UTF8 (" inside the literal (CPython bug), so the raw form.
    const msg = "From: Jörg <jörg@example.test>\r\nTo: carol@example.test\r\nSubject: Grüße aus Köln\r\nMessage-ID: <utf8-1@example.test>\r\n\r\nHallo\r\n";
    const size = new TextEncoder().encode(msg).length;
    const c = await raw();
    try {
      await c.cmd(`LOGIN ${CAROL.user} ${CAROL.pass}`);
      assert.match(await c.cmd("ENABLE UTF8=ACCEPT"), /^\* ENABLED UTF8=ACCEPT\r\n/);
      assert.match(await c.cmd(`APPEND "Grüße/Köln" UTF8 (~{${size}+}\r\n${msg})`), /OK \[APPENDUID \d+ 1\] APPEND completed\r\n$/);
    } finally {
      c.close();
    }
    const f = flow({ user: CAROL });
    await f.connect();
    try {
      assert.ok(f.enabled.has("UTF8=ACCEPT"), "imapflow enabled it");
      const lock = await f.getMailboxLock("Grüße/Köln");
      try {
        const m = await one(f, 1, { envelope: true, source: true });
        assert.equal(m.envelope!.subject, "Grüße aus Köln");
        assert.equal(m.envelope!.from![0]!.name, "Jörg");
        assert.equal(m.source!.toString("utf8"), msg);
      } finally {
        lock.release();
      }
    } finally {
      await f.logout();
    }
  });

  test("WITHIN: OLDER/YOUNGER to the second over a raw socket; imapflow turns before/since into them", async () => {
    const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    const imapDate = (d: Date) => `${String(d.getUTCDate()).padStart(2, "0")}-${MONTHS[d.getUTCMonth()]}-${d.getUTCFullYear()} ${d.toISOString().slice(11, 19)} +0000`;
    const now = Date.now();
    const c = await raw();
    try {
      await c.cmd(`LOGIN ${CAROL.user} ${CAROL.pass}`);
      assert.match(await c.cmd("CAPABILITY"), /^\* CAPABILITY .* WITHIN( |\r\n)/);
      await c.cmd("CREATE Within");
      // UIDs 1, 2, 3: ten days old, two hours old, just now.
      for (const [i, age] of [10 * 86400, 7200, 0].entries()) {
        const m = `Subject: within-${i}\r\n\r\nx\r\n`;
        assert.match(await c.cmd(`APPEND Within "${imapDate(new Date(now - age * 1000))}" {${m.length}+}\r\n${m}`), /OK \[APPENDUID/);
      }
      await c.cmd("SELECT Within");
      assert.match(await c.cmd("UID SEARCH OLDER 3600"), /^\* SEARCH 1 2\r\n/);
      assert.match(await c.cmd("UID SEARCH YOUNGER 3600"), /^\* SEARCH 3\r\n/);
      assert.match(await c.cmd("UID SEARCH YOUNGER 86400"), /^\* SEARCH 2 3\r\n/);
      assert.match(await c.cmd("UID SEARCH OLDER 86400 YOUNGER 1000000"), /^\* SEARCH 1\r\n/);
      assert.match(await c.cmd("UID SEARCH OLDER 0"), /BAD UID SEARCH: OLDER needs a positive number\r\n$/);
    } finally {
      c.close();
    }
    const f = flow({ user: CAROL });
    await f.connect();
    try {
      assert.ok(f.capabilities.has("WITHIN"));
      const lock = await f.getMailboxLock("Within");
      try {
        // One hour ago: OLDER 3600 / YOUNGER 3600 to the second. The day-granular BEFORE/SINCE
        // imapflow would send without WITHIN could not place the two-hour-old message like this.
        const hourAgo = new Date(Date.now() - 3600_000);
        assert.deepEqual(await find(f, { before: hourAgo }), [1, 2]);
        assert.deepEqual(await find(f, { since: hourAgo }), [3]);
      } finally {
        lock.release();
      }
    } finally {
      await f.logout();
    }
  });

  test("a NOOP loop before login over a real socket: the 51st command gets BYE and the server closes (imap.maxCommandsBeforeAuth)", async () => {
    const c = await connectRaw(ports.imap);
    try {
      await c.readUntil("\r\n");
      let noops = "";
      // Exactly 51: nothing is left unread when the server closes (unread bytes would mean a RST).
      for (let i = 1; i <= 51; i++) noops += `n${i} NOOP\r\n`;
      await c.write(noops).catch(() => {});
      await within(c.ended, 20_000, "the server closing the connection");
      assert.match(c.text(), /n50 OK NOOP completed\r\n\* BYE too many commands without logging in\r\n$/);
      assert.doesNotMatch(c.text(), /^n51 /m);
    } finally {
      c.close();
    }
  });

  test("hostile input over a real socket: huge literals, NUL, deep parentheses without LF, a 10 MB line", async () => {
    const c = await connectRaw(ports.imap);
    try {
      await c.readUntil("\r\n");
      await c.write("a LOGIN {4294967296}\r\n");
      await c.readUntil(/a BAD 4294967296-byte literal refused[^\r]*\r\n/);
      await c.write("b LOGIN {99999999999999999999}\r\n");
      await c.readUntil(/b BAD absurdly large literal refused[^\r]*\r\n/);
      await c.write('c LOGIN "ali\u0000ce" x\r\n');
      await c.readUntil("c BAD NUL in quoted string\r\n");
      await c.write("d NOOP\r\n");
      await c.readUntil("d OK NOOP completed\r\n");
      assert.doesNotMatch(c.text(), /^\+ /m, "no continuation for a refused literal");
    } finally {
      c.close();
    }
    // An endless line of "(" without LF: answered once past the limit and closed, long before 10 MB.
    const deep = await connectRaw(ports.imap);
    let sent = 0;
    try {
      await deep.readUntil("\r\n");
      const chunk = "(".repeat(64 * 1024);
      await deep.write("e SEARCH ");
      while (sent < 10 * 1024 * 1024 && !deep.sock.destroyed && deep.sock.writable) {
        await deep.write(chunk).catch(() => {});
        sent += chunk.length;
        if (/\* BYE/.test(deep.text())) break;
      }
      await deep.readUntil("* BYE closing connection\r\n", 10_000);
      assert.match(deep.text(), /\* BAD \[TOOBIG\] command line too long \(at most 65536 bytes\)\r\n/);
      assert.ok(sent < 10 * 1024 * 1024, "the server hung up before the 10 MB were sent");
    } finally {
      deep.close();
    }
  });

  test("a STARTTLS\\r\\nb CAPABILITY in one write: CAPABILITY is never answered, in clear or under TLS", async () => {
    const c = await connectRaw(ports.imap);
    try {
      await c.readUntil("\r\n");
      await c.write("a STARTTLS\r\nb CAPABILITY\r\n");
      await c.readUntil("a OK begin TLS negotiation now\r\n");
      const plain = c.text();
      // The client half of the upgrade, on the same socket.
      c.sock.removeAllListeners("data");
      const t = await new Promise<tls.TLSSocket>((resolve, reject) => {
        const s = tls.connect({ socket: c.sock, rejectUnauthorized: false }, () => resolve(s));
        s.once("error", reject);
      });
      const secure = rawClient(t);
      await secure.write("c NOOP\r\n");
      await secure.readUntil("c OK NOOP completed\r\n");
      assert.equal(secure.text(), "c OK NOOP completed\r\n", "nothing but the answer to c under TLS");
      assert.doesNotMatch(plain, /\r\nb /);
      t.destroy();
    } finally {
      c.close();
    }
  });
});
