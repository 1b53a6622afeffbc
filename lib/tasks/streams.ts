/**
 * How many task streams (SSE responses) may be open at once, per owner and in total. Each open
 * stream costs the server the connection and what Deno and the kernel buffer for it (a client
 * that does not read holds a couple of hundred KB there), so a device that opens streams and
 * never reads them is refused before it fills the box's memory. Shutdown closes them all.
 */
import { HttpError } from "../http/errors.ts";
import type { TaskOwner } from "./types.ts";

/** Limits of a `StreamGate`. */
export interface StreamLimits {
  /** Streams one owner (a profile, the admin, the wizard) may have open (default 32). */
  perOwner?: number;
  /** Streams open in total (default 256). */
  total?: number;
}

/** One open stream's slot. */
export interface StreamLease {
  /** Aborts when the server shuts down: the stream must end at once. */
  readonly signal: AbortSignal;
  /** Gives the slot back; calling it again does nothing. */
  release(): void;
}

/** Counts of open and refused streams, for the health page. */
export interface StreamStats {
  open: number;
  perOwner: number;
  total: number;
  /** Streams refused (429 or 503) since start. */
  refused: number;
}

function keyOf(owner: TaskOwner): string {
  return owner.kind === "profile" ? `profile:${owner.id}` : owner.kind;
}

/** Hands out stream slots within the limits; `closeAll()` ends every open stream. */
export class StreamGate {
  readonly #perOwner: number;
  readonly #total: number;
  readonly #byOwner = new Map<string, number>();
  readonly #closing = new AbortController();
  #open = 0;
  #refused = 0;

  constructor(limits: StreamLimits = {}) {
    this.#perOwner = limits.perOwner ?? 32;
    this.#total = limits.total ?? 256;
  }

  /**
   * A slot for a stream of `owner`'s task. Throws HttpError 429 `too_many_streams` when the
   * owner has `perOwner` open, 503 `streams_full` when the server has `total` open, and 503
   * `shutting_down` after `closeAll()`; each with Retry-After.
   */
  open(owner: TaskOwner): StreamLease {
    if (this.#closing.signal.aborted) {
      this.#refused++;
      throw new HttpError(503, "shutting_down", "The server is shutting down.", {
        "Retry-After": "10",
      });
    }
    const key = keyOf(owner);
    const mine = this.#byOwner.get(key) ?? 0;
    if (mine >= this.#perOwner) {
      this.#refused++;
      throw new HttpError(
        429,
        "too_many_streams",
        `This profile already has ${this.#perOwner} streams open; close some tabs and try again.`,
        { "Retry-After": "5" },
        { limit: this.#perOwner },
      );
    }
    if (this.#open >= this.#total) {
      this.#refused++;
      throw new HttpError(
        503,
        "streams_full",
        "The server has too many streams open; try again shortly.",
        { "Retry-After": "5" },
      );
    }
    this.#byOwner.set(key, mine + 1);
    this.#open++;
    let released = false;
    return {
      signal: this.#closing.signal,
      release: () => {
        if (released) return;
        released = true;
        this.#open--;
        const left = (this.#byOwner.get(key) ?? 1) - 1;
        if (left > 0) this.#byOwner.set(key, left);
        else this.#byOwner.delete(key);
      },
    };
  }

  /** Ends every open stream (their `signal` aborts) and refuses new ones. */
  closeAll(): void {
    this.#closing.abort();
  }

  /** Open and refused streams. */
  stats(): StreamStats {
    return {
      open: this.#open,
      perOwner: this.#perOwner,
      total: this.#total,
      refused: this.#refused,
    };
  }
}
