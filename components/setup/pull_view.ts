/**
 * Folds a download's `progress` events into what the progress bar shows: bytes of every layer
 * seen so far, the latest rate, and the time left at that rate.
 */

/** One `progress` event of a pull task. */
export interface PullEvent {
  status: string;
  digest?: string;
  completed?: number;
  total?: number;
  bytesPerSecond?: number;
}

/** The download as a whole. */
export interface PullView {
  /** "manifest" before bytes flow, "download" while they do, "verify" after. */
  phase: "manifest" | "download" | "verify";
  completed: number;
  total: number;
  /** 0–100, whole numbers (a tab title does not need decimals). */
  percent: number;
  bytesPerSecond?: number;
  etaSeconds?: number;
}

/** An empty view, before the first event. */
export function emptyPull(): PullView {
  return { phase: "manifest", completed: 0, total: 0, percent: 0 };
}

/** Layers smaller than this do not set the shown rate (unless nothing else does). */
const MIN_RATE_LAYER = 10_000_000;

/** Sums progress events, in order. */
export class PullTracker {
  #layers = new Map<string, { completed: number; total: number }>();
  #view: PullView = emptyPull();

  /** Takes one event; returns the new view. */
  add(event: PullEvent): PullView {
    if (event.digest && typeof event.total === "number" && event.total > 0) {
      this.#layers.set(event.digest, { completed: event.completed ?? 0, total: event.total });
    }
    let completed = 0;
    let total = 0;
    for (const layer of this.#layers.values()) {
      completed += Math.min(layer.completed, layer.total);
      total += layer.total;
    }
    // Small layers (template, parameters) say little about the line's speed: keep the rate of
    // the big ones.
    const big = (event.total ?? 0) >= Math.max(MIN_RATE_LAYER, total / 10);
    const rate = (big ? event.bytesPerSecond : undefined) ?? this.#view.bytesPerSecond;
    const left = total - completed;
    const phase = /^(verifying|writing|success|removing)/.test(event.status)
      ? "verify"
      : total > 0
      ? "download"
      : "manifest";
    const share = total ? Math.floor((completed / total) * 100) : 0;
    this.#view = {
      phase,
      completed,
      total,
      // A layer that appears late grows the total; the bar never moves backwards for it.
      percent: phase === "verify" ? 100 : Math.max(share, this.#view.percent),
      bytesPerSecond: rate,
      etaSeconds: rate && rate > 0 && left > 0 ? left / rate : undefined,
    };
    return this.#view;
  }
}
