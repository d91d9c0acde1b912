import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { CommandParser, type ParseStep } from "../../../src/protocols/imap/wire/parser.ts";
import type { ImapToken } from "../../../src/protocols/imap/wire/types.ts";

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

/** A readable form of a token tree: atoms bare, strings quoted, lists in parentheses. */
function show(t: ImapToken): string {
  if (t.kind === "atom") return t.value + (t.section ? `[${t.section.map(show).join(" ")}]` : "") + (t.partial !== undefined ? `<${t.partial}>` : "");
  if (t.kind === "string") return (t.binary ? "~" : t.literal ? "{}" : "") + JSON.stringify(dec(t.value));
  return `(${t.items.map(show).join(" ")})`;
}

/** Feed `parts` (lines and literal bodies alternately) and return the final step. */
function parse(...parts: string[]): ParseStep {
  const p = new CommandParser();
  let step = p.line(enc(parts[0]!));
  for (let i = 1; i < parts.length; i += 2) {
    assert.equal(step.kind, "literal", `part ${i} expected a literal, got ${JSON.stringify(step)}`);
    p.literal(enc(parts[i]!));
    step = p.line(enc(parts[i + 1] ?? ""));
  }
  return step;
}

function ok(...parts: string[]): { tag: string; name: string; uid: boolean; args: string } {
  const step = parse(...parts);
  if (step.kind !== "command") assert.fail(`expected a command, got ${JSON.stringify(step)}`);
  return { tag: step.command.tag, name: step.command.name, uid: step.command.uid, args: step.command.args.map(show).join(" ") };
}

function err(...parts: string[]): { tag: string | null; message: string } {
  const step = parse(...parts);
  if (step.kind !== "error") assert.fail(`expected an error, got ${JSON.stringify(step)}`);
  return step;
}

describe("IMAP command parser", () => {
  test("tag, upper-cased name, UID prefix", () => {
    assert.deepEqual(ok("a1 noop"), { tag: "a1", name: "NOOP", uid: false, args: "" });
    assert.deepEqual(ok("x.y uid fetch 1:* (FLAGS)"), { tag: "x.y", name: "FETCH", uid: true, args: "1:* (FLAGS)" });
    assert.deepEqual(ok("A]1 CAPABILITY"), { tag: "A]1", name: "CAPABILITY", uid: false, args: "" });
  });

  test("atoms, quoted strings with escapes, NIL, nested lists", () => {
    assert.equal(ok('a LOGIN "us\\"er" "p\\\\w"').args, '"us\\"er" "p\\\\w"');
    assert.equal(ok("a STORE 1 +FLAGS (\\Seen $Label1)").args, "1 +FLAGS (\\Seen $Label1)");
    assert.equal(ok('a SEARCH OR (FROM "x" TO y) NOT (SEEN (DELETED))').args, 'OR (FROM "x" TO y) NOT (SEEN (DELETED))');
    assert.equal(ok("a LIST \"\" %").args, '"" %');
    assert.equal(ok("a ID NIL").args, "NIL");
    assert.equal(ok("a SELECT [Gmail]/Sent").args, "[Gmail]/Sent");
    assert.equal(ok('a X "caf\u00e9"').args, JSON.stringify("caf\u00e9"));
  });

  test("FETCH sections and partials", () => {
    assert.equal(ok("a FETCH 1 (BODY.PEEK[HEADER.FIELDS (From To)]<0.1024> BODY[] BINARY[1.2] UID)").args, "1 (BODY.PEEK[HEADER.FIELDS (From To)]<0.1024> BODY[] BINARY[1.2] UID)");
    assert.equal(ok("a FETCH 1 BODY[1.MIME]").args, "1 BODY[1.MIME]");
    assert.equal(ok('a FETCH 1 BODY[HEADER.FIELDS.NOT ("X-a" b)]').args, 'BODY[HEADER.FIELDS.NOT ("X-a" b)]'.replace(/^/, "1 "));
    // A bracket that does not make a section leaves a plain atom.
    assert.equal(ok("a CREATE foo[bar").args, "foo[bar");
    assert.equal(ok("a CREATE foo[bar]/baz").args, "foo[bar]/baz");
  });

  test("literals: synchronising, LITERAL+, LITERAL-, literal8, inside lists, empty", () => {
    const p = new CommandParser();
    assert.deepEqual(p.line(enc("a LOGIN {5}")), { kind: "literal", size: 5, sync: true, binary: false });
    assert.equal(p.name, "LOGIN");
    assert.equal(p.tag, "a");
    assert.equal(ok("a LOGIN {5}", "al ce", " {3+}", "p\"w", "").args, '{}"al ce" {}"p\\"w"');
    assert.equal(ok("a APPEND box (\\Seen) {11-}", "hello\r\nbye!", "").args, 'box (\\Seen) {}"hello\\r\\nbye!"');
    assert.equal(ok("a APPEND box ~{3}", "a\u0000b", "").args, 'box ~"a\\u0000b"');
    assert.equal(ok("a SEARCH (SUBJECT {2}", "hi", " FROM x)").args, '(SUBJECT {}"hi" FROM x)');
    assert.equal(ok("a LOGIN {0}", "", " {0}", "", "").args, '{}"" {}""');
    assert.deepEqual(parse("a LOGIN {99999999999999999999}"), { kind: "literal", size: -1, sync: true, binary: false });
    assert.deepEqual(parse("a LOGIN {4294967296+}"), { kind: "literal", size: 4294967296, sync: false, binary: false });
  });

  const errors: [string, RegExp, string | null][] = [
    ["", /empty command/, null],
    [" NOOP", /missing tag/, null],
    ["a+ NOOP", /invalid character in tag/, null],
    ["a", /missing command name/, "a"],
    ["a UID", /UID needs a command/, "a"],
    ["a FE(TCH", /invalid command name/, "a"],
    ['a LOGIN "x\u0000y" p', /NUL in quoted string/, "a"],
    ['a LOGIN "xy p', /unterminated quoted string/, "a"],
    ['a LOGIN "x\\y" p', /invalid escape/, "a"],
    ["a LOGIN x\u0001 p", /control character/, "a"],
    ["a LOGIN x\u0000 p", /NUL/, "a"],
    ["a SEARCH (SEEN", /unbalanced '\('/, "a"],
    ["a SEARCH SEEN)", /unbalanced '\)'/, "a"],
    ["a LOGIN {5} x", /must end the line/, "a"],
    ["a LOGIN {x}", /invalid literal/, "a"],
    ["a LOGIN {}", /invalid literal/, "a"],
    ['a LOGIN ab"c', /unexpected '"'/, "a"],
  ];
  for (const [line, re, tag] of errors) {
    test(`refuses ${JSON.stringify(line)}`, () => {
      const e = err(line);
      assert.match(e.message, re);
      assert.equal(e.tag, tag);
    });
  }

  test("nesting depth and token count are limited", () => {
    const deep = "a SEARCH " + "(".repeat(40) + "SEEN" + ")".repeat(40);
    assert.match(err(deep).message, /nested too deeply/);
    assert.equal(ok("a SEARCH " + "(".repeat(10) + "SEEN" + ")".repeat(10)).name, "SEARCH");
    const p = new CommandParser({ maxDepth: 32, maxTokens: 10 });
    const r = p.line(enc("a STORE 1 +FLAGS (" + Array.from({ length: 20 }, (_, i) => `k${i}`).join(" ") + ")"));
    assert.equal(r.kind, "error");
    assert.match((r as { message: string }).message, /too many arguments/);
    // A deep section cannot get around the depth limit either.
    assert.match(err("a FETCH 1 BODY[" + "(".repeat(40) + ")".repeat(40) + "]").message, /nested too deeply/);
  });

  test("every split point of a command with a literal gives the same tree", () => {
    // The reader hands whole lines; what can vary is where literals fall. Same args either way.
    const viaLiteral = ok("a LOGIN {5}", "alice", " secret").args;
    assert.equal(viaLiteral, '{}"alice" secret');
    assert.equal(ok('a LOGIN "alice" secret').args, '"alice" secret');
  });
});
