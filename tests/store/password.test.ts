import assert from "node:assert/strict";
import { test } from "node:test";
import { spawnSync } from "node:child_process";
import { randomBytes, scryptSync } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { argon2i, argon2id } from "hash-wasm";
import { hashPassword, needsRehash, verifyPassword } from "../../src/store/password.ts";
import { startPasswordWorkers, stopPasswordWorkers } from "../../src/store/password-pool.ts";
import { tempDir } from "./helpers.ts";

const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64").replace(/=+$/, "");

test("hashPassword makes salted argon2id PHC strings that verifyPassword accepts", async () => {
  const a = await hashPassword("correct horse");
  const b = await hashPassword("correct horse");
  assert.match(a, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
  assert.notEqual(a, b, "salted");
  assert.equal(await verifyPassword("correct horse", a), true);
  assert.equal(await verifyPassword("correct horsE", a), false);
  assert.equal(await verifyPassword("", a), false);
  assert.equal(await verifyPassword("pässwörd ✓", await hashPassword("pässwörd ✓")), true);
  assert.equal(needsRehash(a), false);
});

test("verifyPassword agrees with hash-wasm's own encoding, other argon2 parameters and argon2i", async () => {
  const salt = randomBytes(16);
  const other = await argon2id({ password: "pw", salt, iterations: 1, parallelism: 2, memorySize: 1024, hashLength: 24, outputType: "encoded" });
  assert.equal(await verifyPassword("pw", other), true);
  assert.equal(await verifyPassword("px", other), false);
  assert.equal(needsRehash(other), true);
  const i = await argon2i({ password: "pw", salt, iterations: 2, parallelism: 1, memorySize: 512, hashLength: 32, outputType: "encoded" });
  assert.equal(await verifyPassword("pw", i), true);
  assert.equal(needsRehash(i), true);
});

test("verifyPassword accepts $scrypt$ PHC strings", async () => {
  const salt = randomBytes(16);
  const key = scryptSync("pw", salt, 32, { N: 1024, r: 8, p: 1 });
  const phc = `$scrypt$ln=10,r=8,p=1$${b64(salt)}$${b64(key)}`;
  assert.equal(await verifyPassword("pw", phc), true);
  assert.equal(await verifyPassword("px", phc), false);
  assert.equal(needsRehash(phc), true);
});

test("unknown, malformed or hostile stored strings verify false without work", async () => {
  const good = await hashPassword("pw");
  const salt = good.split("$")[4];
  const hash = good.split("$")[5];
  for (const stored of [
    "", "pw", "$2b$10$abcdefghijklmnopqrstuu5yUE1mOmO3wB0c0vF7rpvZ0Czd1B2yK", "$argon2id$v=19$m=19456,t=2,p=1$$",
    `$argon2id$v=18$m=19456,t=2,p=1$${salt}$${hash}`, `$argon2id$v=19$m=4194304,t=2,p=1$${salt}$${hash}`,
    `$argon2id$v=19$m=19456,t=9999,p=1$${salt}$${hash}`, `$argon2id$v=19$m=19456,t=2$${salt}$${hash}`,
    `$argon2id$v=19$m=19456,t=2,p=1$${salt}$${hash}!`, `$scrypt$ln=30,r=8,p=1$${salt}$${hash}`, `$md5$${salt}$${hash}`,
  ]) {
    // A hostile cost (m=4 GiB, t=9999) that were computed would blow the test's time limit.
    assert.equal(await verifyPassword("pw", stored), false, stored);
  }
});

test("hashing runs off the event loop: timers keep firing while 6 hashes are computed", async () => {
  await startPasswordWorkers();
  await hashPassword("warm-up");
  // Counted, not timed: on the main thread one argon2id hash blocks ~55 ms and no timer fires
  // during it; on a worker the 5 ms timer fires dozens of times across six hashes.
  let ticks = 0;
  const timer = setInterval(() => ticks++, 5);
  await Promise.all(Array.from({ length: 6 }, (_, i) => hashPassword(`pw${i}`)));
  clearInterval(timer);
  assert.ok(ticks >= 10, `only ${ticks} timer ticks while hashing: the event loop was blocked`);
});

test("workers stop and start again on demand; idle workers do not hold the process open", async () => {
  await stopPasswordWorkers();
  assert.equal(await verifyPassword("pw", await hashPassword("pw")), true);
  await stopPasswordWorkers();
});

const root = fileURLToPath(new URL("../..", import.meta.url));
const isNode = !(globalThis as Record<string, unknown>).Bun && !(globalThis as Record<string, unknown>).Deno;

// The binary is the same whichever runtime runs the tests, so build it once (under Node).
test("hashing works off the main thread inside a `bun build --compile` binary", { skip: !isNode && "built once, under Node" }, async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const out = join(dir, "pwcheck");
    const build = spawnSync(join(root, "node_modules", ".bin", "bun"), [
      "build", "--compile", "--root", root, join(root, "tests/store/password-compiled-entry.ts"), join(root, "src/store/password-worker.js"), "--outfile", out,
    ], { cwd: root, encoding: "utf8" });
    assert.equal(build.status, 0, build.stderr);
    // Run it away from the source tree so nothing can come from node_modules on disk.
    const run = spawnSync(out, [], { cwd: dir, encoding: "utf8", timeout: 60_000 });
    assert.equal(run.status, 0, run.stderr);
    const r = JSON.parse(run.stdout.trim().split("\n").pop()!);
    assert.match(r.hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.deepEqual(r.results, [false, true, false, true]);
    assert.ok(r.ticks >= 5, `only ${r.ticks} timer ticks while verifying: the event loop was blocked`);
  } finally {
    await cleanup();
  }
});
