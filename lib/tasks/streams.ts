/**
 * How many task streams (SSE responses) may be open at once. A task's first stream (the answer
 * to the request that started it) is always let through: starting tasks is bounded by the
 * registry's buffer budget. Every further stream (a resume, a second tab, another reader of the
 * same buffer) counts, per owner and in total: each costs the connection and what Deno's HTTP
 * server queues for it when its client stops reading (a few hundred KB), and a task's buffer
 * replayed to many readers that never read is the way to fill the box's memory. Shutdown closes
 * every stream, counted or not.
 */
import { HttpError } from "../http/errors.ts";
import type { TaskOwner } from "./types.ts";

/** Limits of a `StreamGate`, on streams beyond each task's first. */
export interface StreamLimits {
  /** Such streams one owner (a profile, the admin, the wizard) may have open (default 32). */
  perOwner?: number;
  /** Such streams open in total (default 256). */
  total?: number;
}

/** One open stream's slot. */
export interface StreamLease {
  /** The server is shutting down: the stream must end at once. */
  readonly closing: boolean;
  /**
   * `end` is called once if the server shuts down while the slot is held (at once if it already
   * is): the stream must end. A later call replaces an earlier one. A listener on one signal
   * every stream shares would cost each new stream a scan of all the others' (EventTarget looks
   * for duplicates): a thousand replies started together spent ~11 ms in it, five thousand ~93 ms.
   */
  onClose(end: () => void): void;
  /** Gives the slot back; calling it again does nothing. */
  release(): void;
}

/** Counts of open and refused streams, for the health page. */
export interface StreamStats {
  /** Every open stream. */
  open: number;
  /** Open streams beyond their task's first: what the limits count. */
  counted: number;
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
  /** What each held slot's `onClose` asked for, until it is released. */
  readonly #onClose = new Set<() => void>();
  #closing = false;
  #open = 0;
  #counted = 0;
  #refused = 0;

  constructor(limits: StreamLimits = {}) {
    this.#perOwner = limits.perOwner ?? 32;
    this.#total = limits.total ?? 256;
  }

  /**
   * A slot for a stream of `owner`'s task; `first` (its task's first stream) is never refused
   * but by shutdown. Throws HttpError 429 `too_many_streams` when the owner has `perOwner`
   * counted streams open, 503 `streams_full` when the server has `total`, and 503
   * `shutting_down` after `closeAll()`; each with Retry-After.
   */
  open(owner: TaskOwner, first = false): StreamLease {
    if (this.#closing) {
      this.#refused++;
      throw new HttpError(503, "shutting_down", "The server is shutting down.", {
        "Retry-After": "10",
      });
    }
    if (first) return this.#lease(null);
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
    if (this.#counted >= this.#total) {
      this.#refused++;
      throw new HttpError(
        503,
        "streams_full",
        "The server has too many streams open; try again shortly.",
        { "Retry-After": "5" },
      );
    }
    this.#byOwner.set(key, mine + 1);
    this.#counted++;
    return this.#lease(key);
  }

  /** A lease; `key` names the owner a counted stream is charged to. */
  #lease(key: string | null): StreamLease {
    this.#open++;
    let released = false;
    let end: (() => void) | undefined;
    const closing = () => this.#closing;
    return {
      get closing() {
        return closing();
      },
      onClose: (fn) => {
        if (released) return;
        if (this.#closing) return fn();
        if (end) this.#onClose.delete(end);
        // Its own closure: the set holds each slot's once, even for a function two slots share.
        end = () => fn();
        this.#onClose.add(end);
      },
      release: () => {
        if (released) return;
        released = true;
        if (end) this.#onClose.delete(end);
        this.#open--;
        if (key === null) return;
        this.#counted--;
        const left = (this.#byOwner.get(key) ?? 1) - 1;
        if (left > 0) this.#byOwner.set(key, left);
        else this.#byOwner.delete(key);
      },
    };
  }

  /** Ends every open stream (their `onClose` is called) and refuses new ones. */
  closeAll(): void {
    if (this.#closing) return;
    this.#closing = true;
    const ends = [...this.#onClose];
    this.#onClose.clear();
    for (const end of ends) end();
  }

  /** Open and refused streams. */
  stats(): StreamStats {
    return {
      open: this.#open,
      counted: this.#counted,
      perOwner: this.#perOwner,
      total: this.#total,
      refused: this.#refused,
    };
  }
}
