/**
 * Password hashing: argon2id in PHC string format, computed on worker threads (password-pool.ts).
 * Chosen by measurement (bench/store-password.ts): at OWASP's minimum parameters argon2id (19 MiB,
 * t=2) costs ~55 ms a hash against 220-410 ms for scrypt (N=2^17, r=8); on a worker the worst stall
 * of a 5 ms timer during 10 concurrent logins stays at 2-6 ms on Node, Deno and Bun, while Deno's
 * node:crypto scrypt/pbkdf2 still stall its event loop by 40-80 ms. The PHC string carries its parameters, so they can be
 * raised later and old hashes still verify; `needsRehash` tells when to re-hash at the next login.
 * `verifyPassword` also accepts argon2i/argon2d and `$scrypt$` PHC strings (imports from elsewhere).
 */
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { runArgon2, type Argon2Job } from "./password-pool.ts";

/** argon2id parameters for new hashes (OWASP password storage cheat sheet minimum). */
export const ARGON2ID = { m: 19456, t: 2, p: 1, len: 32, saltLen: 16 } as const;

/** Hashes a password; returns e.g. `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`. */
export async function hashPassword(password: string): Promise<string> {
  if (password === "") throw new RangeError("cannot hash an empty password");
  const salt = new Uint8Array(randomBytes(ARGON2ID.saltLen));
  const { m, t, p, len } = ARGON2ID;
  const hash = await runArgon2({ alg: "argon2id", password: utf8(password), salt, m, t, p, len });
  return `$argon2id$v=19$m=${m},t=${t},p=${p}$${b64(salt)}$${b64(hash)}`;
}

/** True when `password` matches the PHC string `stored`; false for a mismatch or an unknown format. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const phc = parsePhc(stored);
  // hash-wasm's argon2 refuses empty input, and an empty password is never hashed here.
  if (!phc || password === "") return false;
  let actual: Uint8Array;
  if (phc.kind === "argon2") {
    actual = await runArgon2({ ...phc.job, password: utf8(password) });
  } else {
    actual = await scryptAsync(password, phc.salt, phc.expected.length, phc.N, phc.r, phc.p);
  }
  return actual.length === phc.expected.length && timingSafeEqual(actual, phc.expected);
}

/** True when `stored` was made with other parameters than today's (re-hash it after a good login). */
export function needsRehash(stored: string): boolean {
  const phc = parsePhc(stored);
  if (!phc || phc.kind !== "argon2") return true;
  const j = phc.job;
  return j.alg !== "argon2id" || j.m !== ARGON2ID.m || j.t !== ARGON2ID.t || j.p !== ARGON2ID.p || j.len !== ARGON2ID.len;
}

type Parsed =
  | { kind: "argon2"; job: Omit<Argon2Job, "password">; expected: Uint8Array }
  | { kind: "scrypt"; N: number; r: number; p: number; salt: Uint8Array; expected: Uint8Array };

// Bounds keep a corrupted or hostile stored string from asking for gigabytes or hours.
const MAX_MEMORY_KIB = 1 << 20;

function parsePhc(stored: string): Parsed | null {
  const parts = stored.split("$");
  // ["", alg, (v=19,) params, salt, hash]
  if (parts.length < 5 || parts[0] !== "") return null;
  const alg = parts[1];
  const hasVersion = parts[2].startsWith("v=");
  if (parts.length !== (hasVersion ? 6 : 5)) return null;
  const params = Object.fromEntries(parts[hasVersion ? 3 : 2].split(",").map((kv) => kv.split("=")));
  const salt = unb64(parts[parts.length - 2]);
  const expected = unb64(parts[parts.length - 1]);
  if (!salt || !expected || salt.length < 8 || expected.length < 16 || expected.length > 128) return null;
  const int = (v: string | undefined) => (v !== undefined && /^\d{1,10}$/.test(v) ? Number(v) : NaN);
  if (alg === "argon2id" || alg === "argon2i" || alg === "argon2d") {
    if (hasVersion && parts[2] !== "v=19") return null;
    const m = int(params.m), t = int(params.t), p = int(params.p);
    if (!(m >= 8 && m <= MAX_MEMORY_KIB && t >= 1 && t <= 64 && p >= 1 && p <= 16 && m >= 8 * p)) return null;
    return { kind: "argon2", job: { alg, salt, m, t, p, len: expected.length }, expected };
  }
  if (alg === "scrypt" && !hasVersion) {
    const ln = int(params.ln), r = int(params.r), p = int(params.p);
    if (!(ln >= 1 && ln <= 20 && r >= 1 && r <= 32 && p >= 1 && p <= 16)) return null;
    return { kind: "scrypt", N: 2 ** ln, r, p, salt, expected };
  }
  return null;
}

// node:crypto's async scrypt runs on a thread pool on all three runtimes (measured).
function scryptAsync(password: string, salt: Uint8Array, len: number, N: number, r: number, p: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, len, { N, r, p, maxmem: 256 * N * r * p + (1 << 20) }, (err, key) => (err ? reject(err) : resolve(new Uint8Array(key)))),
  );
}

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

// PHC strings use standard base64 without padding.
function b64(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/=+$/, "");
}

function unb64(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/]*$/.test(text) || text.length % 4 === 1) return null;
  try {
    const bin = atob(text + "=".repeat((4 - (text.length % 4)) % 4));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}
