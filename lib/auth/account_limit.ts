/**
 * The per-account guess budget: how many wrong PINs (per profile) and wrong admin passwords
 * Hearth checks, whichever devices and addresses they come from. The per-client limiter
 * (`lib/http/rate_limit.ts`) cannot bound that: a LAN offers an attacker as many addresses as it
 * likes. Each account has a bucket of `burst` guesses that refills by one every `refillMs`; a
 * guess takes one before it is checked, a right one gives it back. With the defaults (10, one per
 * 15 minutes) an attacker gets at most 10 + 95 guesses a day (about 1 % of a 4-digit PIN’s 10,000),
 * 4 an hour once the burst is spent, and the owner, once a flood stops, waits at most 15 minutes
 * for the next guess. Kept in memory and bounded.
 */
import { HttpError } from "../http/errors.ts";

/** Options for `AccountLimiter`. */
export interface AccountLimitOptions {
  /** Guesses an account allows in a row before it waits for the refill (default 10). */
  burst?: number;
  /** One more guess comes back after this long (default 15 min). */
  refillMs?: number;
  /** Most accounts remembered at once (default 10,000); the fullest are dropped first. */
  maxKeys?: number;
  /** The clock (epoch ms); tests move it. */
  now?: () => number;
}

/** A guess taken from an account's budget; `refund` gives it back when it was right. */
export interface Guess {
  refund(): void;
}

/** Counts guesses per account and refuses an account whose budget is spent (429 + Retry-After). */
export class AccountLimiter {
  readonly burst: number;
  readonly refillMs: number;
  readonly maxKeys: number;
  #now: () => number;
  /**
   * Per account, when its budget is full again (epoch ms): each guess taken pushes it `refillMs`
   * later, so the guesses spent are `(fullAt - now) / refillMs`. Whole milliseconds, no drift.
   */
  #fullAt = new Map<string, number>();

  constructor(options: AccountLimitOptions = {}) {
    this.burst = options.burst ?? 10;
    this.refillMs = options.refillMs ?? 15 * 60_000;
    this.maxKeys = options.maxKeys ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  /** Guesses `account` may make right now. */
  left(account: string): number {
    return this.burst - Math.ceil(this.#spentMs(account, this.#now()) / this.refillMs);
  }

  /**
   * Takes one guess from `account`'s budget before the guess is checked, so parallel guesses
   * cannot all pass a check that their results have not updated yet. Throws 429
   * `too_many_attempts` with `Retry-After` when the budget is spent.
   */
  take(account: string): Guess {
    const now = this.#now();
    const spentMs = this.#spentMs(account, now);
    const waitMs = spentMs - (this.burst - 1) * this.refillMs;
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      throw new HttpError(
        429,
        "too_many_attempts",
        `Too many wrong attempts. Try again in ${seconds} seconds.`,
        { "Retry-After": String(seconds) },
        { seconds },
      );
    }
    if (spentMs === 0) this.#makeRoom();
    this.#fullAt.set(account, now + spentMs + this.refillMs);
    let refunded = false;
    return {
      refund: () => {
        if (refunded) return;
        refunded = true;
        const fullAt = (this.#fullAt.get(account) ?? 0) - this.refillMs;
        if (fullAt <= this.#now()) this.#fullAt.delete(account);
        else this.#fullAt.set(account, fullAt);
      },
    };
  }

  /** Accounts whose budget is not full right now. */
  get size(): number {
    const now = this.#now();
    for (const account of [...this.#fullAt.keys()]) this.#spentMs(account, now);
    return this.#fullAt.size;
  }

  /** How much of `account`'s budget is spent, in refill time; a full budget is forgotten. */
  #spentMs(account: string, now: number): number {
    const fullAt = this.#fullAt.get(account);
    if (fullAt === undefined) return 0;
    if (fullAt <= now) {
      this.#fullAt.delete(account);
      return 0;
    }
    return fullAt - now;
  }

  #makeRoom(): void {
    if (this.#fullAt.size < this.maxKeys) return;
    // The accounts closest to a full budget lose the least when forgotten.
    const fullest = [...this.#fullAt].sort((a, b) => a[1] - b[1]);
    for (const [account] of fullest) {
      if (this.#fullAt.size < this.maxKeys) break;
      this.#fullAt.delete(account);
    }
  }
}

/** The account key of a profile's PIN. */
export function pinAccount(profileId: string): string {
  return `pin:${profileId}`;
}

/** The account key of the admin password. */
export const ADMIN_ACCOUNT = "admin";
