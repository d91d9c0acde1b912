/**
 * Entry for the compiled-binary check in password.test.ts (not a test file itself): hashes and
 * verifies on the worker pool inside a `bun build --compile` binary and reports how many timer ticks
 * the event loop ran meanwhile (none would mean the hashing blocked it).
 */
import { hashPassword, verifyPassword } from "../../src/store/password.ts";
import { stopPasswordWorkers } from "../../src/store/password-pool.ts";
import { isMainThread } from "node:worker_threads";

const hash = await hashPassword("s3cret");
let ticks = 0;
const timer = setInterval(() => ticks++, 5);
const results = await Promise.all(Array.from({ length: 4 }, (_, i) => verifyPassword(i % 2 ? "s3cret" : "wrong", hash)));
clearInterval(timer);
console.log(JSON.stringify({ hash, results, ticks, isMainThread }));
await stopPasswordWorkers();
