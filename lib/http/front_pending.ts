/**
 * The front door's waiting connections (`front.ts`): accepted ones waiting for their first head,
 * and ones kept open after an answer waiting for their next. Kept in age order, so the head
 * deadline's sweep stops at the first that is not due, and room is made from the oldest.
 *
 * Room past `maxPending` is made from connections that never sent a request, and only from those
 * silent for half the head deadline: a burst's clients may wait that long for the server (or their
 * own process) to get to their heads, and a request closed under its client fails unanswered. In
 * 1,000 replies started right after another 1,000, 328 connections were closed 0.6–0.7 s after
 * they were accepted, and their requests failed (docs/BENCHMARKS.md, "sixteenth pass"). Waiting
 * costs a descriptor and a few KiB a connection. Past `maxWaiting` (`FLOOD_FACTOR` × `maxPending`,
 * fewer when open files are short) it is a flood: room is made from any connection silent for
 * `EVICT_AFTER_MS`, one that never sent a request first. One kept open after an answer goes last,
 * as its client may be sending its next request on it right now: a burst's replies start on the
 * pooled connections of the last ones (docs/BENCHMARKS.md, "ninth pass").
 */

import { FLOOD_FACTOR } from "./front_limits.ts";

/** What a waiting connection needs to be closed for room. */
export interface WaitingConnection {
  /** Its head deadline: `headMs` after it was accepted, or kept. */
  readonly since: number;
  close(): void;
}

/** In a flood, a connection younger than this is never closed for room. */
const EVICT_AFTER_MS = 500;

export class Waiting<T extends WaitingConnection> {
  readonly #headMs: number;
  readonly #maxPending: number;
  /** Waiting connections past which it is a flood (`FrontLimits.maxWaiting`). */
  readonly #floodAt: number;
  /** Below a flood, how long a connection that never sent a request may be silent: `headMs` / 2. */
  readonly #silentMs: number;
  /** Every waiting connection; insertion order is age order. */
  readonly #all = new Set<T>();
  /** Those that have never sent a request, in age order: the first to go for room. */
  readonly #unused = new Set<T>();

  constructor(limits: { headMs: number; maxPending: number; maxWaiting?: number }) {
    this.#headMs = limits.headMs;
    this.#maxPending = limits.maxPending;
    this.#floodAt = Math.max(
      limits.maxPending,
      limits.maxWaiting ?? FLOOD_FACTOR * limits.maxPending,
    );
    this.#silentMs = Math.max(EVICT_AFTER_MS, limits.headMs / 2);
  }

  get size(): number {
    return this.#all.size;
  }

  /** Oldest first. */
  [Symbol.iterator](): IterableIterator<T> {
    return this.#all.values();
  }

  /** A new connection (`unused`), or one kept after an answer; then room is made past the cap. */
  add(t: T, unused: boolean): number {
    this.#all.add(t);
    if (unused) this.#unused.add(t);
    let evicted = 0;
    while (this.#all.size > this.#maxPending && this.#evict(false, this.#silentMs)) evicted++;
    while (this.#all.size > this.#floodAt && this.evictOldest(true)) evicted++;
    return evicted;
  }

  /** No longer waiting (its head came, or it closed). */
  delete(t: T): void {
    this.#all.delete(t);
    this.#unused.delete(t);
  }

  /**
   * Closes the oldest waiting connection that may go, as for a flood: one never used, else
   * (`kept`) any; false when none has waited `EVICT_AFTER_MS`.
   */
  evictOldest(kept = false): boolean {
    return this.#evict(kept, EVICT_AFTER_MS);
  }

  #evict(kept: boolean, afterMs: number): boolean {
    let oldest = this.#unused.values().next().value;
    if (!oldest || !this.#waited(oldest, afterMs)) {
      oldest = kept ? this.#all.values().next().value : undefined;
    }
    if (!oldest || !this.#waited(oldest, afterMs)) return false;
    this.delete(oldest);
    oldest.close();
    return true;
  }

  /** Whether `t` has waited `ms` (its `since` is its head deadline). */
  #waited(t: T, ms: number): boolean {
    return t.since - this.#headMs + ms <= Date.now();
  }
}
