// Property tests: on random bytes, on random mutations of the fixtures and on random well-formed
// MIME trees, summarize() never throws, every offset is in bounds and ordered, sizes and line
// counts add up (checkInvariants), the summary survives JSON, and everything that reads a message
// by its summary (section, headerFields, decodeBody, searchText) never throws either. Well-formed
// trees must also come back exactly as built. Seeded: a failure names the seed and case to replay.
import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeBody, headerFields, searchText, section, summarize, type MessageSummary, type SectionSpec } from "../../src/mime/mod.ts";
import { rng } from "../helpers/random.ts";
import { allParts, checkInvariants, msg } from "./helpers.ts";
import { fixtures } from "./fixtures.ts";

const encoder = new TextEncoder();
const SEED = 20260101;

/** Byte chunks that steer random input towards what the parser branches on. */
const CHUNKS = [
  "\r\n", "\n", "\r", "\r\n\r\n", "--", "b", "--b", "--b--", "--b\r\n", "--bb", ":", " ", "\t", "=",
  "Content-Type: multipart/mixed; boundary=b\r\n", "Content-Type: multipart/digest; boundary=bb\r\n",
  "Content-Type: message/rfc822\r\n", "Content-Type: message/global\r\n", "Content-Transfer-Encoding: base64\r\n",
  "Content-Type: text/plain; charset*0*=utf-8''%C3; charset*1*=%A9\r\n", "Subject: =?utf-8?q?x?=\r\n",
  "From: \"a\" <b@c>, (x) d@e; g: h@i;\r\n", "To: @r:x@y, <>, \"q\r\n", "=?", "?=", "\"", "(", ")", "<", ">", "@", ",", ";", "\\", "\xff",
];

function randomMessage(next: () => number): Uint8Array {
  const parts: Uint8Array[] = [];
  const n = Math.floor(next() * 60);
  for (let i = 0; i < n; i++) {
    if (next() < 0.7) parts.push(encoder.encode(CHUNKS[Math.floor(next() * CHUNKS.length)]));
    else parts.push(Uint8Array.from({ length: Math.floor(next() * 8) }, () => Math.floor(next() * 256)));
  }
  return concat(parts);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function mutate(next: () => number, base: Uint8Array): Uint8Array {
  let b = base;
  const rounds = 1 + Math.floor(next() * 5);
  for (let r = 0; r < rounds; r++) {
    const at = Math.floor(next() * (b.length + 1));
    const len = Math.floor(next() * 40);
    switch (Math.floor(next() * 5)) {
      case 0: // flip a byte
        if (b.length > 0) {
          b = b.slice();
          b[Math.min(at, b.length - 1)] = Math.floor(next() * 256);
        }
        break;
      case 1: // delete a range
        b = concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + len))]);
        break;
      case 2: // insert a steering chunk
        b = concat([b.subarray(0, at), encoder.encode(CHUNKS[Math.floor(next() * CHUNKS.length)]), b.subarray(at)]);
        break;
      case 3: // duplicate a range
        b = concat([b.subarray(0, at + len), b.subarray(at, Math.min(b.length, at + len)), b.subarray(Math.min(b.length, at + len))]);
        break;
      default: // truncate
        b = b.subarray(0, at);
    }
  }
  return b;
}

/** Everything that reads by a summary, on every part and on random specs: must not throw, must stay in bounds. */
function exercise(next: () => number, bytes: Uint8Array, s: MessageSummary, label: string): void {
  for (const { part } of allParts(s)) {
    const body = decodeBody(bytes, part);
    if (part.encoding === "7BIT" && body) assert.equal(body.length, part.size, label);
    headerFields(bytes, part, ["subject", "content-type"]);
    headerFields(bytes, part, ["subject"], { not: true });
  }
  searchText(bytes, s);
  for (let k = 0; k < 8; k++) {
    const path = Array.from({ length: Math.floor(next() * 4) }, () => Math.floor(next() * 4));
    const texts = [undefined, "HEADER", "HEADER.FIELDS", "HEADER.FIELDS.NOT", "TEXT", "MIME"] as const;
    const spec: SectionSpec = { path, text: texts[Math.floor(next() * texts.length)], fields: ["subject"] };
    const r = section(bytes, s, spec);
    if (r && (spec.text === undefined || spec.text === "HEADER" || spec.text === "TEXT" || spec.text === "MIME")) {
      // Plain ranges are views into the message.
      assert.equal(r.buffer, bytes.buffer, `${label} ${JSON.stringify(spec)}`);
      assert.ok(r.byteOffset >= bytes.byteOffset && r.byteOffset + r.length <= bytes.byteOffset + bytes.length, label);
    }
  }
}

test("random bytes: never throws, invariants hold", () => {
  const next = rng(SEED);
  for (let i = 0; i < 1500; i++) {
    const bytes = randomMessage(next);
    const label = `seed ${SEED} random case ${i}`;
    const s = summarize(bytes);
    checkInvariants(bytes, s, label);
    exercise(next, bytes, s, label);
  }
});

test("random mutations of every fixture: never throws, invariants hold", () => {
  const next = rng(SEED + 1);
  const names = Object.keys(fixtures).filter((n) => !n.startsWith("deep"));
  for (let i = 0; i < 1500; i++) {
    const name = names[i % names.length];
    const bytes = mutate(next, fixtures[name]);
    const label = `seed ${SEED + 1} mutation ${i} of ${name}`;
    const s = summarize(bytes);
    checkInvariants(bytes, s, label);
    exercise(next, bytes, s, label);
  }
});

test("the deep fixtures mutated (depth limit under stress)", () => {
  const next = rng(SEED + 2);
  for (let i = 0; i < 60; i++) {
    const bytes = mutate(next, i % 2 ? fixtures.deepMultipart : fixtures.deepMessage);
    const s = summarize(bytes);
    checkInvariants(bytes, s, `seed ${SEED + 2} deep mutation ${i}`);
  }
});

// ---- well-formed random trees come back exactly ----

type Node =
  | { kind: "leaf"; type: string; body: string }
  | { kind: "multipart"; subtype: string; boundary: string; children: Node[] }
  | { kind: "message"; subject: string; inner: Node };

function randomTree(next: () => number, depth: number, boundaries: string[]): Node {
  const r = next();
  if (depth < 4 && r < 0.3) {
    // Boundaries sometimes extend an enclosing one (`b1` inside `b`): longest match must win.
    const base = boundaries.length > 0 && next() < 0.5 ? boundaries[Math.floor(next() * boundaries.length)] : "=_";
    let boundary = base + Math.floor(next() * 1e6).toString(36);
    while (boundaries.includes(boundary)) boundary += "x";
    const children = Array.from({ length: 1 + Math.floor(next() * 3) }, () => randomTree(next, depth + 1, [...boundaries, boundary]));
    return { kind: "multipart", subtype: ["mixed", "alternative", "related"][Math.floor(next() * 3)], boundary, children };
  }
  if (depth < 4 && r < 0.45) return { kind: "message", subject: `s${Math.floor(next() * 1000)}`, inner: randomTree(next, depth + 1, boundaries) };
  const lines = Array.from({ length: Math.floor(next() * 4) }, () => "line " + Math.floor(next() * 1e9).toString(36) + (next() < 0.2 ? " --not-a-boundary" : ""));
  return { kind: "leaf", type: ["text/plain", "text/html", "application/octet-stream"][Math.floor(next() * 3)], body: lines.join("\n") };
}

/** The entity text of a node: header lines, empty line, body. */
function render(n: Node): string {
  if (n.kind === "leaf") return `Content-Type: ${n.type}\n\n${n.body}`;
  if (n.kind === "message") return `Content-Type: message/rfc822\n\nSubject: ${n.subject}\n${render(n.inner)}`;
  const kids = n.children.map((c) => `--${n.boundary}\n${render(c)}\n`).join("");
  return `Content-Type: multipart/${n.subtype}; boundary="${n.boundary}"\n\npreamble\n${kids}--${n.boundary}--\nepilogue`;
}

function assertShape(bytes: Uint8Array, n: Node, p: MessageSummary["part"], where: string): void {
  if (n.kind === "leaf") {
    assert.equal(`${p.type}/${p.subtype}`, n.type, where);
    assert.equal(new TextDecoder().decode(bytes.subarray(p.bodyStart, p.bodyEnd)), n.body.replace(/\n/g, "\r\n"), `${where} body`);
  } else if (n.kind === "message") {
    assert.equal(`${p.type}/${p.subtype}`, "message/rfc822", where);
    assert.equal(p.message!.envelope.subject, n.subject, where);
    assertShape(bytes, n.inner, p.message!.part, `${where}.msg`);
  } else {
    assert.equal(`${p.type}/${p.subtype}`, `multipart/${n.subtype}`, where);
    assert.equal(p.parts!.length, n.children.length, `${where} part count`);
    n.children.forEach((c, i) => assertShape(bytes, c, p.parts![i], `${where}.${i + 1}`));
  }
}

test("random well-formed MIME trees are read back exactly (types, part counts, every leaf body, subjects)", () => {
  const next = rng(SEED + 3);
  for (let i = 0; i < 400; i++) {
    const tree = randomTree(next, 0, []);
    const bytes = msg(`From: a@b\n${render(tree)}`);
    const s = summarize(bytes);
    const label = `seed ${SEED + 3} tree ${i}`;
    checkInvariants(bytes, s, label);
    assertShape(bytes, tree, s.part, label);
  }
});
