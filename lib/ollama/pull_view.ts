/**
 * A download as people see it: `PullTracker` folds a pull's `progress` events (one per layer
 * and step) into one bar, with bytes of every layer seen so far, the rate and the time left;
 * `pullParts` says it in words. The admin page, the setup wizard and `hearth setup` share both.
 * Browser-safe.
 */
import { formatDuration, formatSize, type Translate } from "../i18n/format.ts";
import type { PullProgress } from "./types.ts";

/** The download as a whole. */
export interface PullView {
  /** "manifest" before bytes flow, "download" while they do, "verify" after. */
  phase: "manifest" | "download" | "verify";
  /** Ollama's status text of the latest event (`pulling 6a0746a1ec1a`). */
  status: string;
  completed: number;
  total: number;
  /** 0–100, one decimal; it never moves backwards, and is 100 once verifying. */
  percent: number;
  bytesPerSecond?: number;
  /** Seconds left at the current rate, when there is a rate and something is left. */
  etaSeconds?: number;
}

/** An empty view, before the first event. */
export function emptyPull(): PullView {
  return { phase: "manifest", status: "", completed: 0, total: 0, percent: 0 };
}

/** Layers smaller than this do not set the shown rate (unless nothing else has). */
const MIN_RATE_LAYER = 10_000_000;

/** Sums a pull's progress events, in order. */
export class PullTracker {
  #layers = new Map<string, { completed: number; total: number }>();
  #view: PullView = emptyPull();

  /** The current view. */
  get view(): PullView {
    return this.#view;
  }

  /** Takes one event; returns the new view. */
  add(event: PullProgress): PullView {
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
    // the big ones once there is one.
    const big = (event.total ?? 0) >= Math.max(MIN_RATE_LAYER, total / 10);
    const previous = this.#view.bytesPerSecond;
    const rate = big ? event.bytesPerSecond ?? previous : previous ?? event.bytesPerSecond;
    const left = total - completed;
    const phase = /^(verifying|writing|success|removing)/.test(event.status)
      ? "verify"
      : total > 0
      ? "download"
      : "manifest";
    const share = total ? Math.floor((completed / total) * 1000) / 10 : 0;
    this.#view = {
      phase,
      status: event.status,
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

/** The message keys a page says a download with. */
export interface PullWords {
  /** Bytes done of total: `{done}`, `{total}`, and `{percent}` (a whole number). */
  bytes: string;
  /** The rate: `{rate}` (bytes, "/s" is the message's). */
  rate: string;
  /** The time left: `{time}`. */
  eta: string;
}

/** The download in words, as known: bytes done of total, the rate, the time left. */
export function pullParts(
  view: PullView,
  t: Translate,
  locale: string,
  words: PullWords,
): string[] {
  const parts: string[] = [];
  if (view.total > 0) {
    parts.push(t(words.bytes, {
      percent: Math.floor(view.percent),
      done: formatSize(view.completed, locale),
      total: formatSize(view.total, locale),
    }));
  }
  if (view.bytesPerSecond) {
    parts.push(t(words.rate, { rate: formatSize(view.bytesPerSecond, locale) }));
  }
  if (view.etaSeconds !== undefined) {
    parts.push(t(words.eta, { time: formatDuration(view.etaSeconds, locale) }));
  }
  return parts;
}
