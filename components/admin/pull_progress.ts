/**
 * Sums a pull's per-layer progress events into one bar: bytes of every layer seen so far, the
 * current rate, and the time left at that rate.
 */

/** One `progress` event of a pull task, as the API sends it. */
export interface PullEvent {
  status: string;
  digest?: string;
  completed?: number;
  total?: number;
  percent?: number;
  bytesPerSecond?: number;
}

/** What the progress bar shows. */
export interface PullView {
  /** Ollama's status text of the latest event. */
  status: string;
  completed: number;
  total: number;
  /** 0–100, one decimal; 0 until a layer size is known. */
  percent: number;
  bytesPerSecond?: number;
  /** Seconds left at the current rate, when there is a rate. */
  etaSeconds?: number;
}

/** Folds progress events, in order, into the view of the whole download. */
export class PullProgress {
  #layers = new Map<string, { completed: number; total: number }>();
  #rate: number | undefined;
  #status = "";

  /** Takes one event; returns the new view. */
  add(event: PullEvent): PullView {
    this.#status = event.status;
    if (event.digest && typeof event.total === "number") {
      this.#layers.set(event.digest, { completed: event.completed ?? 0, total: event.total });
    }
    if (typeof event.bytesPerSecond === "number") this.#rate = event.bytesPerSecond;
    return this.view();
  }

  /** The current view. */
  view(): PullView {
    let completed = 0;
    let total = 0;
    for (const layer of this.#layers.values()) {
      completed += Math.min(layer.completed, layer.total);
      total += layer.total;
    }
    const percent = total ? Math.round((completed / total) * 1000) / 10 : 0;
    const rate = this.#rate;
    const etaSeconds = rate && rate > 0 && total ? (total - completed) / rate : undefined;
    return { status: this.#status, completed, total, percent, bytesPerSecond: rate, etaSeconds };
  }
}
