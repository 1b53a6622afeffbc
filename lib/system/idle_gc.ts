/**
 * Gives memory back when the server goes quiet. V8 grows its young generation under load (to
 * ~16 MiB of semi-spaces) and keeps it: its own memory reducer did nothing in 20 s of idleness
 * here. One full, memory-reducing collection once requests stop takes `hearth start` from ~85 to
 * ~73 MiB, which the box's model server can use. It needs V8's `gc`, exposed by the flag in
 * `SERVER_V8_FLAGS` (lib/web/build/server_bundle.ts); without it there is nothing to run and Hearth
 * serves as before.
 *
 * The collection also drops compiled code, so the next request compiles its path again: the
 * first reply after one took ~5 ms longer (36.3 against 31.5 ms after the same 12 s of quiet).
 * So it runs 1 s after the start's own work, and after that only once the household has left
 * the server alone for `quietMs` (30 s): not between the turns of a conversation.
 */

/** V8's `gc` as `--expose-gc` installs it (the options form of V8 ≥ 11). */
type V8Gc = (options?: { type?: "major" | "minor"; execution?: "sync"; flavor?: string }) => void;

/**
 * The memory-reducing collection, taken off the global object so that no other code calls it,
 * or null when V8 runs without `--expose-gc`.
 */
export function takeMemoryReducer(
  global: { gc?: unknown } = globalThis as { gc?: unknown },
): (() => void) | null {
  const gc = global.gc;
  if (typeof gc !== "function") return null;
  // V8 defines it non-configurable but writable.
  global.gc = undefined;
  // "last-resort" collects until nothing more is freed and shrinks the young generation.
  return () => (gc as V8Gc)({ type: "major", execution: "sync", flavor: "last-resort" });
}

/** Options for `IdleCollector`. */
export interface IdleCollectorOptions {
  /** The collection (`takeMemoryReducer()`). */
  collect: () => void;
  /** True while work runs that a pause would stall (a reply streaming, a model request). */
  busy: () => boolean;
  /** Quiet (no request started, nothing busy) before the first collection (default 1 s). */
  firstQuietMs?: number;
  /** Quiet before each later one (default 30 s). */
  quietMs?: number;
  /** Told how long each collection took and what it gave back. */
  onCollected?: (facts: { ms: number; rssBefore: number; rssAfter: number }) => void;
  now?: () => number;
  rss?: () => number;
}

/**
 * Runs `collect` once the server has been quiet long enough after some activity: `firstQuietMs`
 * the first time, `quietMs` after that. `touch()` is called for every request; it only reads the
 * clock, and arms a timer when none is armed. An idle server has no timer.
 */
export class IdleCollector {
  readonly #collect: () => void;
  readonly #busy: () => boolean;
  readonly #firstQuietMs: number;
  readonly #quietMs: number;
  readonly #onCollected?: IdleCollectorOptions["onCollected"];
  readonly #now: () => number;
  readonly #rss: () => number;
  #last = 0;
  #collections = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(options: IdleCollectorOptions) {
    this.#collect = options.collect;
    this.#busy = options.busy;
    this.#firstQuietMs = options.firstQuietMs ?? 1_000;
    this.#quietMs = options.quietMs ?? 30_000;
    this.#onCollected = options.onCollected;
    this.#now = options.now ?? (() => performance.now());
    this.#rss = options.rss ?? (() => Deno.memoryUsage().rss);
  }

  /** Something happened (a request started): collect after the next quiet spell. */
  touch(): void {
    this.#last = this.#now();
    if (this.#timer === undefined && !this.#closed) this.#arm(this.#quiet());
  }

  /** Disarms the timer for good (the server is stopping). */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #quiet(): number {
    return this.#collections ? this.#quietMs : this.#firstQuietMs;
  }

  #arm(ms: number): void {
    const timer = setTimeout(() => this.#check(), Math.max(1, Math.ceil(ms)));
    // Waiting for quiet must never keep the process alive.
    Deno.unrefTimer(timer);
    this.#timer = timer;
  }

  #check(): void {
    this.#timer = undefined;
    const wait = this.#quiet() - (this.#now() - this.#last);
    if (wait > 0) return this.#arm(wait);
    if (this.#busy()) return this.#arm(this.#quiet());
    const rssBefore = this.#rss();
    const started = this.#now();
    this.#collect();
    this.#collections++;
    const ms = this.#now() - started;
    this.#onCollected?.({ ms, rssBefore, rssAfter: this.#rss() });
  }
}
