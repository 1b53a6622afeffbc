/**
 * The front door's waiting connections (`front.ts`): accepted ones waiting for their first head,
 * and ones kept open after an answer waiting for their next. Kept in age order, so the head
 * deadline's sweep stops at the first that is not due, and room is made from the oldest.
 *
 * Room past `maxPending` is made from connections that never sent a request. One kept open after
 * an answer is closed for room only past `KEPT_FACTOR` × `maxPending` (or when descriptors run
 * out): its client may be sending its next request on it right now, and that request would fail
 * unanswered. A burst's replies start on the pooled connections of the last ones; closing those
 * dropped requests in the 1,000-streams benchmark (docs/BENCHMARKS.md, "ninth pass").
 */

/** What a waiting connection needs to be closed for room. */
export interface WaitingConnection {
  /** Its head deadline: `headMs` after it was accepted, or kept. */
  readonly since: number;
  close(): void;
}

/** A connection younger than this is never closed for room: a burst of real clients is not a flood. */
const EVICT_AFTER_MS = 500;
/** Connections kept open after an answer are closed for room only past this many × `maxPending`. */
const KEPT_FACTOR = 4;

export class Waiting<T extends WaitingConnection> {
  readonly #headMs: number;
  readonly #maxPending: number;
  /** Every waiting connection; insertion order is age order. */
  readonly #all = new Set<T>();
  /** Those that have never sent a request, in age order: the first to go for room. */
  readonly #unused = new Set<T>();

  constructor(limits: { headMs: number; maxPending: number }) {
    this.#headMs = limits.headMs;
    this.#maxPending = limits.maxPending;
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
    while (this.#all.size > this.#maxPending && this.evictOldest()) evicted++;
    while (this.#all.size > this.#maxPending * KEPT_FACTOR && this.evictOldest(true)) evicted++;
    return evicted;
  }

  /** No longer waiting (its head came, or it closed). */
  delete(t: T): void {
    this.#all.delete(t);
    this.#unused.delete(t);
  }

  /**
   * Closes the oldest waiting connection that may go: one never used, else (`kept`) any; false
   * when none is old enough.
   */
  evictOldest(kept = false): boolean {
    let oldest = this.#unused.values().next().value;
    if (!oldest || !this.#evictable(oldest)) {
      oldest = kept ? this.#all.values().next().value : undefined;
    }
    if (!oldest || !this.#evictable(oldest)) return false;
    this.delete(oldest);
    oldest.close();
    return true;
  }

  #evictable(t: T): boolean {
    return t.since - this.#headMs + EVICT_AFTER_MS <= Date.now();
  }
}
