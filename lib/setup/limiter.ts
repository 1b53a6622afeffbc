/**
 * Counts failed tries per client in a sliding window, so guessing the setup code is slow: a
 * client that failed `max` times waits until its oldest failure leaves the window, and all
 * clients together may fail at most `globalMax` times per window (a LAN host can switch
 * addresses, especially with IPv6 privacy addresses).
 */

/** Options of `AttemptLimiter`; every field is optional. */
export interface AttemptLimiterOptions {
  /** Failures one client may have in the window (default 5). */
  max?: number;
  /** Failures all clients together may have in the window (default 50). */
  globalMax?: number;
  /** The window in ms (default 15 min). */
  windowMs?: number;
  /** Clients remembered at most; the least recently failing are forgotten (default 1000). */
  maxClients?: number;
  /** The clock, injectable so tests need not wait. */
  now?: () => number;
}

/** Whether a client may try now, and if not, for how many seconds it must wait. */
export type LimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

const GLOBAL = "\0all";

/** A sliding-window limiter of failed attempts. */
export class AttemptLimiter {
  readonly #max: number;
  readonly #globalMax: number;
  readonly #windowMs: number;
  readonly #maxClients: number;
  readonly #now: () => number;
  // Insertion order doubles as "least recently failed first" (entries are re-inserted on fail).
  readonly #failures = new Map<string, number[]>();

  constructor(options: AttemptLimiterOptions = {}) {
    this.#max = options.max ?? 5;
    this.#globalMax = options.globalMax ?? 50;
    this.#windowMs = options.windowMs ?? 15 * 60_000;
    this.#maxClients = options.maxClients ?? 1000;
    this.#now = options.now ?? Date.now;
  }

  #recent(key: string): number[] {
    const cutoff = this.#now() - this.#windowMs;
    const list = (this.#failures.get(key) ?? []).filter((at) => at > cutoff);
    if (list.length) this.#failures.set(key, list);
    else this.#failures.delete(key);
    return list;
  }

  #wait(list: number[], limit: number): number | null {
    if (list.length < limit) return null;
    const freeAt = list[list.length - limit] + this.#windowMs;
    return Math.max(1, Math.ceil((freeAt - this.#now()) / 1000));
  }

  /** Whether `client` may try now. */
  check(client: string): LimitVerdict {
    const own = this.#wait(this.#recent(client), this.#max);
    const all = this.#wait(this.#recent(GLOBAL), this.#globalMax);
    const wait = Math.max(own ?? 0, all ?? 0);
    return wait > 0 ? { allowed: false, retryAfterSeconds: wait } : { allowed: true };
  }

  /** Records a failed try by `client`. */
  fail(client: string): void {
    const at = this.#now();
    for (const key of [client, GLOBAL]) {
      const list = this.#recent(key);
      list.push(at);
      this.#failures.delete(key);
      this.#failures.set(key, list.slice(-Math.max(this.#max, this.#globalMax)));
    }
    while (this.#failures.size > this.#maxClients + 1) {
      const oldest = [...this.#failures.keys()].find((k) => k !== GLOBAL);
      if (oldest === undefined) break;
      this.#failures.delete(oldest);
    }
  }

  /** Forgets `client`'s failures (after it succeeded). */
  reset(client: string): void {
    this.#failures.delete(client);
  }
}
