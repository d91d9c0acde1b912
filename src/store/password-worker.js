// @ts-check
// Worker thread for password hashing (see password.ts). Plain JavaScript on purpose: Node runs
// TypeScript only through the tsx loader, which a worker entry does not get, and a compiled Bun
// binary embeds this file as an extra entrypoint as it is.
import { parentPort } from "node:worker_threads";
import { argon2d, argon2i, argon2id } from "hash-wasm";

const variants = { argon2id, argon2i, argon2d };

if (parentPort) {
  const port = parentPort;
  port.on("message", async (/** @type {{ id: number, alg: "argon2id" | "argon2i" | "argon2d", password: Uint8Array, salt: Uint8Array, m: number, t: number, p: number, len: number }} */ job) => {
    try {
      const fn = variants[job.alg];
      if (!fn) throw new Error(`unsupported algorithm ${job.alg}`);
      const hash = await fn({ password: job.password, salt: job.salt, memorySize: job.m, iterations: job.t, parallelism: job.p, hashLength: job.len, outputType: "binary" });
      port.postMessage({ id: job.id, hash });
    } catch (e) {
      port.postMessage({ id: job.id, error: e instanceof Error ? e.message : String(e) });
    }
  });
}
