/**
 * The live feed of each list (`GET /api/lists/{id}/events`): every change to a list is sent to
 * the devices that have it open, as SSE. Bounded everywhere: subscribers per list and in total
 * (429 / 503 past them), and per subscriber at most `maxQueued` frames waiting; one that falls
 * further behind is ended with `closed: slow` (it reconnects and gets a fresh snapshot) instead
 * of growing a buffer. The body is pull-based (`highWaterMark: 0`), so a frame is only produced
 * when the client reads, and a client that leaves (Deno cancels the body) frees its slot.
 */
import { HttpError } from "../http/errors.ts";
import type { ListEvent } from "./types.ts";

/** The SSE heartbeat comment; clients ignore it, proxies see traffic. */
const HEARTBEAT = ": heartbeat\n\n";

/** Limits of `ListFeeds`. */
export interface ListFeedOptions {
  /** Open feeds per list (default 32). */
  perList?: number;
  /** Open feeds in all (default 256). */
  total?: number;
  /** A heartbeat after this long (default 15 s). */
  heartbeatMs?: number;
  /** Frames one subscriber may have waiting before it is ended as too slow (default 256). */
  maxQueued?: number;
}

interface Subscriber {
  profileId: string;
  queue: string[];
  /** Ends the stream once the queue is sent. */
  ending: boolean;
  wake: (() => void) | null;
}

function frame(event: ListEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** Every open list feed of the process (`services.listFeeds`). */
export class ListFeeds {
  readonly #byList = new Map<string, Set<Subscriber>>();
  readonly #perList: number;
  readonly #total: number;
  readonly #heartbeatMs: number;
  readonly #maxQueued: number;
  #open = 0;
  #timer: ReturnType<typeof setInterval> | undefined;
  #closed = false;

  constructor(options: ListFeedOptions = {}) {
    this.#perList = options.perList ?? 32;
    this.#total = options.total ?? 256;
    this.#heartbeatMs = options.heartbeatMs ?? 15_000;
    this.#maxQueued = options.maxQueued ?? 256;
  }

  /** Feeds open now (all lists). */
  get open(): number {
    return this.#open;
  }

  /** Feeds open now on `listId`. */
  openOn(listId: string): number {
    return this.#byList.get(listId)?.size ?? 0;
  }

  /**
   * Opens `profileId`'s feed of `listId` (access already checked) and answers it as SSE. The
   * slot is taken before `snapshot` is read, so no change between the two is missed (a change
   * may arrive twice: every event replaces state, so that is harmless); the snapshot goes first.
   */
  async subscribe(
    listId: string,
    profileId: string,
    snapshot: () => Promise<ListEvent>,
  ): Promise<Response> {
    if (this.#closed) {
      throw new HttpError(503, "shutting_down", "The server is shutting down.", {
        "Retry-After": "10",
      });
    }
    const subs = this.#byList.get(listId) ?? new Set<Subscriber>();
    if (subs.size >= this.#perList) {
      throw new HttpError(
        429,
        "list_feeds_full",
        `This list is open on ${this.#perList} devices already; close some and try again.`,
        { "Retry-After": "5" },
        { limit: this.#perList },
      );
    }
    if (this.#open >= this.#total) {
      throw new HttpError(
        503,
        "streams_full",
        "The server has too many streams open; try again shortly.",
        { "Retry-After": "5" },
      );
    }
    const sub: Subscriber = { profileId, queue: [], ending: false, wake: null };
    subs.add(sub);
    this.#byList.set(listId, subs);
    this.#open++;
    this.#startHeartbeat();
    try {
      sub.queue.unshift(frame(await snapshot()));
    } catch (err) {
      this.#release(listId, sub);
      throw err;
    }
    const body = new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        while (!sub.queue.length && !sub.ending) {
          await new Promise<void>((resolve) => sub.wake = resolve);
          sub.wake = null;
        }
        if (sub.queue.length) {
          controller.enqueue(new TextEncoder().encode(sub.queue.join("")));
          sub.queue = [];
        }
        if (sub.ending) {
          controller.close();
          this.#release(listId, sub);
        }
      },
      cancel: () => {
        sub.ending = true;
        sub.wake?.();
        this.#release(listId, sub);
      },
    }, { highWaterMark: 0 });
    return new Response(body, {
      headers: {
        "Content-Type": "text/event-stream",
        "Cache-Control": "no-cache",
        "X-Accel-Buffering": "no",
      },
    });
  }

  /** Sends `event` to every open feed of `listId`. */
  publish(listId: string, event: ListEvent): void {
    const text = frame(event);
    for (const sub of this.#byList.get(listId) ?? []) {
      if (sub.ending) continue;
      if (sub.queue.length >= this.#maxQueued) {
        sub.queue = [frame({ type: "closed", reason: "slow" })];
        sub.ending = true;
      } else sub.queue.push(text);
      sub.wake?.();
    }
  }

  /**
   * Ends the feeds of `listId` with `closed: reason`, all of them or those `who` picks (an
   * unshared list ends the feeds of everyone but its owner).
   */
  end(
    listId: string,
    reason: "unshared" | "deleted" | "shutdown",
    who: (profileId: string) => boolean = () => true,
  ): void {
    for (const sub of this.#byList.get(listId) ?? []) {
      if (sub.ending || !who(sub.profileId)) continue;
      sub.queue.push(frame({ type: "closed", reason }));
      sub.ending = true;
      sub.wake?.();
    }
  }

  /** Ends every feed and refuses new ones (shutdown). */
  close(): void {
    this.#closed = true;
    for (const listId of this.#byList.keys()) this.end(listId, "shutdown");
    this.#stopHeartbeat();
  }

  #release(listId: string, sub: Subscriber): void {
    const subs = this.#byList.get(listId);
    if (!subs?.delete(sub)) return;
    this.#open--;
    if (!subs.size) this.#byList.delete(listId);
    if (!this.#open) this.#stopHeartbeat();
  }

  #startHeartbeat(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => {
      for (const subs of this.#byList.values()) {
        for (const sub of subs) {
          if (sub.ending || sub.queue.length) continue;
          sub.queue.push(HEARTBEAT);
          sub.wake?.();
        }
      }
    }, this.#heartbeatMs);
  }

  #stopHeartbeat(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
