/**
 * Browser sessions: the per-tab client identity that every `/api/*` call carries in
 * `X-Hearth-Session`. Tokens slide: each use extends them by the idle timeout (2 h). The store is
 * bounded; when full, the least recently used token is dropped. Sessions are not the owner of
 * data (profiles are), so losing them on restart costs a client one `GET /api/session`.
 */

/** The header a browser sends its session token in. */
export const SESSION_HEADER = "X-Hearth-Session";

/** Options for `SessionStore`. */
export interface SessionOptions {
  /** Idle time after which a token expires (default 2 h). */
  idleMs?: number;
  /** Most tokens kept at once (default 10,000). */
  maxSessions?: number;
  now?: () => number;
}

/** A session as `GET /api/session` returns it. */
export interface SessionInfo {
  token: string;
  /** When it expires if not used again (epoch ms). */
  expiresAt: number;
  idleSeconds: number;
}

/** In-memory, bounded, sliding-expiry token store. */
export class SessionStore {
  readonly idleMs: number;
  readonly maxSessions: number;
  // Map keeps insertion order; re-inserting on use makes the first entry the least recently used.
  #sessions = new Map<string, number>();
  #now: () => number;

  constructor(options: SessionOptions = {}) {
    this.idleMs = options.idleMs ?? 2 * 60 * 60 * 1000;
    this.maxSessions = options.maxSessions ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  /** Issues a new token. */
  issue(): SessionInfo {
    this.#sweep();
    while (this.#sessions.size >= this.maxSessions) {
      this.#sessions.delete(this.#sessions.keys().next().value!);
    }
    const bytes = crypto.getRandomValues(new Uint8Array(24));
    const token = bytes.toBase64({ alphabet: "base64url" });
    return this.#touch(token);
  }

  /** Validates and extends a token; null when unknown or expired. */
  use(token: string | undefined | null): SessionInfo | null {
    if (!token) return null;
    const lastSeen = this.#sessions.get(token);
    if (lastSeen === undefined) return null;
    if (this.#now() - lastSeen >= this.idleMs) {
      this.#sessions.delete(token);
      return null;
    }
    return this.#touch(token);
  }

  /** Ends a session. */
  revoke(token: string): void {
    this.#sessions.delete(token);
  }

  /** Live sessions (after dropping expired ones). */
  get size(): number {
    this.#sweep();
    return this.#sessions.size;
  }

  #touch(token: string): SessionInfo {
    const now = this.#now();
    this.#sessions.delete(token);
    this.#sessions.set(token, now);
    return { token, expiresAt: now + this.idleMs, idleSeconds: this.idleMs / 1000 };
  }

  #sweep(): void {
    // Oldest first: stop at the first live one.
    const now = this.#now();
    for (const [token, lastSeen] of this.#sessions) {
      if (now - lastSeen < this.idleMs) break;
      this.#sessions.delete(token);
    }
  }
}
