/**
 * Browser sessions: the per-tab client identity that every `/api/*` call carries in
 * `X-Hearth-Session`. Tokens slide: each use extends them by the idle timeout (2 h). The store is
 * bounded, and a flood of new tokens cannot push out the ones tabs use: tokens never used since
 * they were issued are dropped first (oldest first), used ones only when no unused one is left
 * (least recently used first), and each client address gets a budget of new tokens per minute.
 * Sessions are not the owner of data (profiles are), so losing them on restart costs a client
 * one `GET /api/session`.
 */
import { HttpError } from "./errors.ts";
import { CountLimiter } from "./rate_limit.ts";

/** The header a browser sends its session token in. */
export const SESSION_HEADER = "X-Hearth-Session";

/** Options for `SessionStore`. */
export interface SessionOptions {
  /** Idle time after which a token expires (default 2 h). */
  idleMs?: number;
  /** Most tokens kept at once (default 10,000). */
  maxSessions?: number;
  /** New tokens one client address may get per minute (default 60). */
  issuesPerMinute?: number;
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
  // Token → last seen. Maps keep insertion order; re-inserting on use makes the first entry the
  // least recently seen. `#unused` holds tokens not used since they were issued, `#used` the rest.
  #unused = new Map<string, number>();
  #used = new Map<string, number>();
  #issues: CountLimiter;
  #now: () => number;

  constructor(options: SessionOptions = {}) {
    this.idleMs = options.idleMs ?? 2 * 60 * 60 * 1000;
    this.maxSessions = options.maxSessions ?? 10_000;
    this.#now = options.now ?? Date.now;
    this.#issues = new CountLimiter({
      max: options.issuesPerMinute ?? 60,
      windowMs: 60_000,
      now: this.#now,
    });
  }

  /**
   * Issues a new token. With `client` (its address), counts against that client's budget and
   * throws 429 `too_many_sessions` with `Retry-After` when it is spent.
   */
  issue(client?: string): SessionInfo {
    if (client !== undefined) {
      const seconds = this.#issues.take(client);
      if (seconds > 0) {
        throw new HttpError(
          429,
          "too_many_sessions",
          `Too many new sessions from this address. Try again in ${seconds} seconds.`,
          { "Retry-After": String(seconds) },
          { seconds },
        );
      }
    }
    this.#sweep();
    while (this.#unused.size + this.#used.size >= this.maxSessions) {
      const pool = this.#unused.size > 0 ? this.#unused : this.#used;
      pool.delete(pool.keys().next().value!);
    }
    const bytes = crypto.getRandomValues(new Uint8Array(24));
    const token = bytes.toBase64({ alphabet: "base64url" });
    const now = this.#now();
    this.#unused.set(token, now);
    return this.#info(token, now);
  }

  /** Validates and extends a token; null when unknown or expired. */
  use(token: string | undefined | null): SessionInfo | null {
    if (!token) return null;
    const lastSeen = this.#used.get(token) ?? this.#unused.get(token);
    if (lastSeen === undefined) return null;
    this.revoke(token);
    const now = this.#now();
    if (now - lastSeen >= this.idleMs) return null;
    this.#used.set(token, now);
    return this.#info(token, now);
  }

  /** Ends a session. */
  revoke(token: string): void {
    this.#used.delete(token);
    this.#unused.delete(token);
  }

  /** Live sessions (after dropping expired ones). */
  get size(): number {
    this.#sweep();
    return this.#unused.size + this.#used.size;
  }

  #info(token: string, now: number): SessionInfo {
    return { token, expiresAt: now + this.idleMs, idleSeconds: this.idleMs / 1000 };
  }

  #sweep(): void {
    // Oldest first: stop at the first live one.
    const now = this.#now();
    for (const pool of [this.#unused, this.#used]) {
      for (const [token, lastSeen] of pool) {
        if (now - lastSeen < this.idleMs) break;
        pool.delete(token);
      }
    }
  }
}
