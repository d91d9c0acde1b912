/**
 * Login sessions. A token is 256 random bits, base64url; the server keeps only its SHA-256, so a
 * heap dump or a debug listing holds nothing that can be replayed, and lookups by hash leak no
 * timing about the token itself.
 *
 * @module
 */

/** One logged-in administrator. */
export interface Session {
  admin: string;
  createdAt: number;
  /** Last use; idle sessions end after `idleMs`. */
  seenAt: number;
}

/**
 * Where sessions live. The default keeps them in memory, so they end when the server restarts and
 * are not shared between processes; an edge deployment with several isolates would plug in one
 * backed by the shared database.
 */
export interface SessionStore {
  /** Starts a session; returns the token (shown to the client once) and when it ends at the latest. */
  create(admin: string): Promise<{ token: string; expiresAt: number }>;
  /** The live session for this token hash (see {@link hashToken}), refreshing its idle timer. */
  touch(tokenHash: string): Promise<Session | undefined>;
  delete(tokenHash: string): Promise<void>;
}

export interface MemorySessionOptions {
  /** Idle time after which a session ends (default 1 hour). */
  idleMs?: number;
  /** Longest life of a session however busy (default 12 hours). */
  maxMs?: number;
  /** Most sessions kept; the oldest go first (default 10,000). */
  max?: number;
  now?: () => number;
}

/** SHA-256 of a token, hex: the key sessions are kept under. */
export async function hashToken(token: string): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token)));
  return Array.from(d, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** 32 random bytes, base64url without padding (43 characters). */
export function randomToken(): string {
  let bin = "";
  for (const b of crypto.getRandomValues(new Uint8Array(32))) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Sessions in a Map, pruned as new ones are made. */
export function memorySessions(o: MemorySessionOptions = {}): SessionStore {
  const idleMs = o.idleMs ?? 3600_000;
  const maxMs = o.maxMs ?? 12 * 3600_000;
  const max = o.max ?? 10_000;
  const now = o.now ?? Date.now;
  // Insertion order is creation order, which is what eviction wants.
  const map = new Map<string, Session>();
  const alive = (s: Session, t: number) => t - s.seenAt < idleMs && t - s.createdAt < maxMs;
  return {
    async create(admin) {
      const t = now();
      for (const [k, s] of map) if (!alive(s, t)) map.delete(k);
      while (map.size >= max) map.delete(map.keys().next().value!);
      const token = randomToken();
      map.set(await hashToken(token), { admin, createdAt: t, seenAt: t });
      return { token, expiresAt: t + maxMs };
    },
    async touch(tokenHash) {
      const s = map.get(tokenHash);
      if (!s) return undefined;
      const t = now();
      if (!alive(s, t)) {
        map.delete(tokenHash);
        return undefined;
      }
      s.seenAt = t;
      return s;
    },
    async delete(tokenHash) {
      map.delete(tokenHash);
    },
  };
}
