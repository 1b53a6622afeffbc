/**
 * A per-client limiter for guesses (admin password, profile PINs). After 5 failures within
 * 15 minutes the client is locked out for a minute; each further failure after a lockout doubles
 * it, up to 15 minutes. A success resets the client, and a client that stays quiet for 15 minutes
 * (after its lockout ended) is forgotten: a lockout is never permanent. Kept in memory and bounded.
 */
import { HttpError } from "./errors.ts";
import { clientAddress, type ConnInfo } from "./network.ts";

/** Options for `RateLimiter`. */
export interface RateLimitOptions {
  /** Failures within `windowMs` that lock a client out (default 5). */
  maxFailures?: number;
  /** Window for counting failures, and how long an idle client is remembered (default 15 min). */
  windowMs?: number;
  /** First lockout (default 60 s); it doubles with each failure after a lockout. */
  baseLockMs?: number;
  /** Longest lockout (default 15 min). */
  maxLockMs?: number;
  /** Most clients remembered at once (default 10,000); the stalest are dropped first. */
  maxKeys?: number;
  /** The clock (epoch ms); tests move it. */
  now?: () => number;
}

interface Entry {
  /** Times of recent failures (within the window). */
  failures: number[];
  /** Lockouts so far; more than zero means the next failure locks again, for longer. */
  strikes: number;
  lockedUntil: number;
  lastFailure: number;
}

/** Counts failures per key and refuses locked-out keys with 429 + Retry-After. */
export class RateLimiter {
  readonly maxFailures: number;
  readonly windowMs: number;
  readonly baseLockMs: number;
  readonly maxLockMs: number;
  readonly maxKeys: number;
  #now: () => number;
  #entries = new Map<string, Entry>();

  constructor(options: RateLimitOptions = {}) {
    this.maxFailures = options.maxFailures ?? 5;
    this.windowMs = options.windowMs ?? 15 * 60_000;
    this.baseLockMs = options.baseLockMs ?? 60_000;
    this.maxLockMs = options.maxLockMs ?? 15 * 60_000;
    this.maxKeys = options.maxKeys ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  /** Seconds until `key` may try again; 0 when it may try now. */
  retryAfter(key: string): number {
    const entry = this.#live(key);
    if (!entry) return 0;
    return Math.max(0, Math.ceil((entry.lockedUntil - this.#now()) / 1000));
  }

  /** Throws 429 `too_many_attempts` with `Retry-After` while `key` is locked out. */
  check(key: string): void {
    const seconds = this.retryAfter(key);
    if (seconds > 0) {
      throw new HttpError(
        429,
        "too_many_attempts",
        `Too many wrong attempts. Try again in ${seconds} seconds.`,
        { "Retry-After": String(seconds) },
        { seconds },
      );
    }
  }

  /** Records a failed attempt; returns the lockout in seconds it caused (0 for none). */
  fail(key: string): number {
    const now = this.#now();
    let entry = this.#live(key);
    if (!entry) {
      this.#makeRoom();
      entry = { failures: [], strikes: 0, lockedUntil: 0, lastFailure: now };
    }
    // Re-inserting keeps the Map ordered from stalest to freshest.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    entry.failures = entry.failures.filter((t) => now - t < this.windowMs);
    entry.failures.push(now);
    entry.lastFailure = now;
    if (entry.strikes === 0 && entry.failures.length < this.maxFailures) return 0;
    const lockMs = Math.min(this.baseLockMs * 2 ** entry.strikes, this.maxLockMs);
    entry.strikes++;
    entry.lockedUntil = now + lockMs;
    return Math.ceil(lockMs / 1000);
  }

  /** A successful attempt: forgets `key`'s failures and lockouts. */
  succeed(key: string): void {
    this.#entries.delete(key);
  }

  /** Clients remembered right now. */
  get size(): number {
    this.#sweep();
    return this.#entries.size;
  }

  /** Quiet for a whole window since its last failure and since its lockout ended. */
  #stale(entry: Entry, now: number): boolean {
    return now - entry.lastFailure >= this.windowMs && now - entry.lockedUntil >= this.windowMs;
  }

  #live(key: string): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry && this.#stale(entry, this.#now())) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  #sweep(): void {
    const now = this.#now();
    for (const [key, entry] of this.#entries) {
      if (this.#stale(entry, now)) this.#entries.delete(key);
    }
  }

  #makeRoom(): void {
    if (this.#entries.size < this.maxKeys) return;
    this.#sweep();
    while (this.#entries.size >= this.maxKeys) {
      this.#entries.delete(this.#entries.keys().next().value!);
    }
  }
}

/** Options for `CountLimiter`. */
export interface CountLimitOptions {
  /** Actions a key may take per window. */
  max: number;
  /** The window, counted from a key's first action in it. */
  windowMs: number;
  /** Most keys remembered at once (default 10,000); the oldest windows are dropped first. */
  maxKeys?: number;
  /** The clock (epoch ms); tests move it. */
  now?: () => number;
}

/**
 * A per-key budget for actions that are not failures (issuing sessions): `max` per window of
 * `windowMs` that starts with a key's first action. Kept in memory and bounded.
 */
export class CountLimiter {
  readonly max: number;
  readonly windowMs: number;
  readonly maxKeys: number;
  #now: () => number;
  // Ordered by window start: re-inserted whenever a key's window starts again.
  #windows = new Map<string, { start: number; count: number }>();

  constructor(options: CountLimitOptions) {
    this.max = options.max;
    this.windowMs = options.windowMs;
    this.maxKeys = options.maxKeys ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  /** Counts one action of `key`: 0 when allowed, else the seconds until its window ends. */
  take(key: string): number {
    const now = this.#now();
    let window = this.#windows.get(key);
    if (!window || now - window.start >= this.windowMs) {
      this.#windows.delete(key);
      this.#makeRoom(now);
      window = { start: now, count: 0 };
      this.#windows.set(key, window);
    }
    if (window.count >= this.max) {
      return Math.max(1, Math.ceil((window.start + this.windowMs - now) / 1000));
    }
    window.count++;
    return 0;
  }

  #makeRoom(now: number): void {
    for (const [key, window] of this.#windows) {
      if (this.#windows.size < this.maxKeys && now - window.start < this.windowMs) return;
      this.#windows.delete(key);
    }
  }
}

/** The limiter key for `action` (`admin_login`, `pin`) from this request's client. */
export function limitKey(info: ConnInfo, action: string): string {
  return `${action}:${clientAddress(info) ?? "unknown"}`;
}
