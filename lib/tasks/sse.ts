/**
 * Serving a task's buffer as Server-Sent Events, from any offset, so a client that reconnects
 * with `Last-Event-ID` (or `?offset=`) misses nothing and sees nothing twice (SPEC §6).
 */
import { type DirectBody, readInPlace } from "../http/direct_body.ts";
import { HttpError } from "../http/errors.ts";
import type { StreamLease } from "./streams.ts";
import { DONE_SENTINEL, type Task } from "./task.ts";
import { type Chunk, TASK_HEADER, taskStreamUrl } from "./types.ts";

/**
 * `task`'s stream from `offset` (see `sseResponse`), naming the task in `X-Hearth-Task` and its
 * resume URL in `Location`. Every route that streams a task answers with this.
 */
export function taskResponse(task: Task, offset = 0): Response {
  const res = sseResponse(task, { offset });
  res.headers.set(TASK_HEADER, task.id);
  res.headers.set("Location", taskStreamUrl(task.id));
  return res;
}

/** Options of `sseResponse`. */
export interface SseOptions {
  /** First chunk index to send (default 0); see `parseResumeOffset`. */
  offset?: number;
  /** A `: heartbeat` comment after this long without output (default 15 s). */
  heartbeatMs?: number;
  /**
   * A client that has not pulled for this long while output waits for it is dropped: its
   * stream errors, the task goes on (default 2 min).
   */
  stallMs?: number;
  /**
   * Aborting closes the stream and frees its timers. Not needed under `Deno.serve`, which
   * cancels the body when the client goes; there, reading `request.signal` also prints Deno
   * 2.x's legacy-abort warning, because it aborts even after a successful response.
   */
  signal?: AbortSignal;
}

/** The heartbeat comment; SSE clients ignore it, proxies see traffic. */
export const SSE_HEARTBEAT = ": heartbeat\n\n";

/**
 * One pull sends the waiting frames up to this many bytes (cutting a frame where it must), so a
 * replay costs few pulls yet a reader never holds more than this of its own. It also bounds what
 * a client that stops reading leaves queued in Deno's HTTP server: about 16 of these plus 64 KiB
 * (hyper's write queue and Deno's body channel), on top of what the kernel's socket buffers take.
 */
export const SSE_BATCH_BYTES = 8 * 1024;

/** One chunk in SSE wire format; the `[DONE]` sentinel has no `event:` line. */
export function formatChunk(chunk: Chunk): string {
  return frameHead(chunk.index, chunk.event) + chunk.data + "\n\n";
}

/** What precedes a chunk's data in its SSE frame (ASCII: digits and an event name). */
function frameHead(index: number, event: string): string {
  if (event === DONE_SENTINEL) return `id: ${index}\ndata: `;
  // `data` is JSON text, which never holds a raw CR or LF, so one `data:` line is exact.
  return `id: ${index}\nevent: ${event}\ndata: `;
}

/** Where a reader is: the chunk it sends next, and how many bytes of its frame went already. */
interface Cursor {
  index: number;
  pos: number;
}

/** The length of `frameHead(index, event)`, without making it. */
function frameHeadLength(index: number, event: string): number {
  let digits = 1;
  for (let n = index; n >= 10; n = Math.floor(n / 10)) digits++;
  // "id: " digits "\n" ["event: " event "\n"] "data: "
  return 4 + digits + 1 + (event === DONE_SENTINEL ? 0 : 7 + event.length + 1) + 6;
}

/**
 * Up to `max` bytes of the SSE frames from `at` on, straight from the task's stored bytes (no
 * string per chunk), advancing `at`; null when no output waits. Sized first, then written into
 * one array: nothing else is made for each frame but its head.
 */
function takeFrames(task: Task, at: Cursor, max: number): Uint8Array | null {
  const events = task.buffer;
  let size = 0;
  let index = at.index;
  let pos = at.pos;
  while (index < events.length && size < max) {
    const length = frameHeadLength(index, events.eventAt(index)) + events.dataLength(index) + 2;
    const to = Math.min(length, pos + max - size);
    size += to - pos;
    if (to < length) {
      pos = to;
      break;
    }
    index++;
    pos = 0;
  }
  if (!size) return null;
  const out = new Uint8Array(size);
  let w = 0;
  for (let i = at.index, from = at.pos; w < size; i++, from = 0) {
    const head = frameHead(i, events.eventAt(i));
    const dataEnd = head.length + events.dataLength(i);
    const to = Math.min(dataEnd + 2, from + size - w);
    for (let k = from; k < Math.min(to, head.length); k++) out[w++] = head.charCodeAt(k);
    const dataFrom = Math.max(from, head.length);
    const dataTo = Math.min(to, dataEnd);
    if (dataTo > dataFrom) {
      events.copyData(i, dataFrom - head.length, dataTo - head.length, out, w);
      w += dataTo - dataFrom;
    }
    for (let k = Math.max(from, dataEnd); k < to; k++) out[w++] = 10; // the closing "\n\n"
  }
  at.index = index;
  at.pos = pos;
  return out;
}

const HEARTBEAT_BYTES = new TextEncoder().encode(SSE_HEARTBEAT);

/**
 * One reader's way through a task's frames from `offset`: what is ready now (`take`), a wait for
 * more (`wait`), a heartbeat after `heartbeatMs` without output, and the stall limit. The
 * response's body stream reads through it, and the front door reads it in place
 * (`lib/http/direct_body.ts`), without the stream's promises for every chunk.
 */
class TaskFrames implements DirectBody {
  /** The body stream's: told of a failure (a stalled reader, shutdown) at once. */
  onFail: ((error: Error) => void) | null = null;
  /** The body stream's: told when the caller's signal ended the body. */
  onClose: (() => void) | null = null;
  readonly #task: Task;
  readonly #at: Cursor;
  readonly #lease: StreamLease;
  readonly #heartbeatMs: number;
  readonly #stallMs: number;
  readonly #signal?: AbortSignal;
  #lastWrite = performance.now();
  // From `wait` to the next `take`: a wake (heartbeat due, stop) ends that wait early, and while
  // it is false the reader is writing (or stalled), which the stall limit watches.
  #waiting = false;
  #closed = false;
  #ended = false;
  #failure: Error | null = null;
  // One timer per reader for both the heartbeat and the stall limit. It is moved only when it
  // would fire too late, and otherwise re-armed when it fires: never per chunk, because timers
  // per chunk were about a quarter of the relay's CPU (docs/BENCHMARKS.md).
  #timer: ReturnType<typeof setTimeout> | undefined;
  #dueAt = Infinity;

  constructor(task: Task, options: SseOptions) {
    const { offset = 0, heartbeatMs = 15_000, stallMs = 120_000, signal } = options;
    if (!Number.isSafeInteger(offset) || offset < 0) {
      throw new RangeError(`Invalid SSE offset: ${offset}`);
    }
    this.#task = task;
    this.#at = { index: offset, pos: 0 };
    this.#heartbeatMs = heartbeatMs;
    this.#stallMs = stallMs;
    this.#signal = signal;
    this.#lease = task.openStream();
  }

  /** Starts the timers and listeners (once the body stream has its callbacks). */
  open(): void {
    if (this.#signal?.aborted) return this.#onSignal();
    if (this.#lease.closing) return this.#onShutdown();
    this.#signal?.addEventListener("abort", this.#onSignal, { once: true });
    this.#lease.onClose(this.#onShutdown);
    // The earlier of the two: the first wait needs no timer of its own.
    this.#armBy(this.#lastWrite + Math.min(this.#heartbeatMs, this.#stallMs));
  }

  get ended(): boolean {
    return this.#ended;
  }

  take(): Uint8Array | null {
    this.#waiting = false;
    if (this.#failure) throw this.#failure;
    if (this.#closed) return this.#end();
    let bytes = takeFrames(this.#task, this.#at, SSE_BATCH_BYTES);
    if (!bytes) {
      // Final chunks are appended before the status turns final: nothing more can come.
      if (!this.#task.running) return (this.#stop(), this.#end());
      if (performance.now() - this.#lastWrite < this.#heartbeatMs) return null;
      bytes = HEARTBEAT_BYTES.slice(); // its own: a stream's reader may keep it
    }
    this.#lastWrite = performance.now();
    this.#armBy(this.#lastWrite + this.#stallMs);
    return bytes;
  }

  wait(): Promise<void> {
    if (this.#closed || this.#failure) return Promise.resolve();
    this.#armBy(this.#lastWrite + this.#heartbeatMs);
    // Until the next `take`. Every reader of the task shares its one promise (no allocation per
    // wait); `#wake` resolves it early.
    this.#waiting = true;
    return this.#task.waitFor(this.#at.index);
  }

  cancel(): void {
    this.#stop();
  }

  #end(): null {
    this.#ended = true;
    return null;
  }

  /** Makes sure the timer fires no later than `at` (a `performance.now()` time). */
  #armBy(at: number): void {
    if (this.#closed || (this.#timer !== undefined && this.#dueAt <= at)) return;
    clearTimeout(this.#timer);
    this.#dueAt = at;
    this.#timer = setTimeout(this.#tick, Math.max(0, at - performance.now()));
  }

  #tick = (): void => {
    this.#timer = undefined;
    this.#dueAt = Infinity;
    if (this.#closed) return;
    const now = performance.now();
    if (this.#waiting) {
      // The wait ends, `take` finds nothing and gives the heartbeat, which re-arms the timer.
      if (now - this.#lastWrite >= this.#heartbeatMs) this.#wake();
      else this.#armBy(this.#lastWrite + this.#heartbeatMs);
      return;
    }
    if (now - this.#lastWrite < this.#stallMs) return this.#armBy(this.#lastWrite + this.#stallMs);
    // Output waits (a chunk, or the end) and the client has not taken it: drop the client, which
    // is all a stalled reader costs, never the task. While nothing waits, look again later.
    if (this.#at.index >= this.#task.length && this.#task.running) {
      return this.#armBy(now + this.#stallMs);
    }
    this.#fail(new Error(`SSE reader of task ${this.#task.id} stalled; dropped`));
  };

  /** Ends a waiting `wait` (it may also wake the task's other readers, who look and wait again). */
  #wake(): void {
    if (this.#waiting) this.#task.wakeReaders();
  }

  #stop(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#signal?.removeEventListener("abort", this.#onSignal);
    this.#lease.release();
    this.#wake();
  }

  #fail(error: Error): void {
    this.#failure = error;
    this.#stop();
    this.onFail?.(error);
  }

  #onSignal = (): void => {
    if (this.#closed) return;
    this.#stop();
    this.onClose?.();
  };

  // An error, not a close: the connection is dropped even if the client stopped reading, so it
  // cannot hold up the server's shutdown.
  #onShutdown = (): void => {
    if (this.#closed) return;
    this.#fail(new Error("The server is shutting down."));
  };
}

/**
 * A `text/event-stream` response of `task` from `offset` to its end. The body is pull-based:
 * chunks are read from the task's shared buffer only when the client takes them, so a stalled
 * client costs no memory, and the task never waits on it. Cancelling the body (a client
 * disconnect) stops reading and clears the timers; the task is not affected. The front door
 * reads the body in place (`TaskFrames`); anything else reads its stream.
 *
 * Each response holds one of the registry's stream slots until it ends: throws HttpError 429
 * `too_many_streams` or 503 `streams_full` when none is free (see `StreamGate`). At shutdown the
 * registry ends every stream still open.
 */
export function sseResponse(task: Task, options: SseOptions = {}): Response {
  const frames = new TaskFrames(task, options);
  let settled = false;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      // Once: a failure or a close may come while a pull also finds the end.
      frames.onFail = (error) => {
        if (!settled) controller.error(error);
        settled = true;
      };
      frames.onClose = () => {
        if (!settled) controller.close();
        settled = true;
      };
      frames.open();
    },
    async pull(controller) {
      while (!settled) {
        const bytes = frames.take();
        if (bytes) return controller.enqueue(bytes);
        if (frames.ended) return frames.onClose!();
        await frames.wait();
      }
    },
    cancel() {
      frames.cancel();
    },
  }, { highWaterMark: 0 }); // pull only when the client reads: nothing queues up per reader
  readInPlace(body, frames);
  return new Response(body, {
    headers: {
      "Content-Type": "text/event-stream",
      "Cache-Control": "no-cache",
      // Tells nginx not to buffer the stream, which would delay every token.
      "X-Accel-Buffering": "no",
    },
  });
}

/**
 * Where a (re)connecting client starts: `Last-Event-ID: N` resumes AFTER chunk N (offset N + 1),
 * else `?offset=N` starts AT chunk N, else 0. `Last-Event-ID` wins because EventSource sends it
 * on its automatic reconnects to the original URL, whose `?offset=` is stale by then.
 * Throws HttpError 400 `invalid_offset`, naming the field, for anything but a non-negative
 * integer.
 */
export function parseResumeOffset(request: Request): number {
  const header = request.headers.get("Last-Event-ID")?.trim();
  // An empty Last-Event-ID means "no event seen yet", as EventSource defines it.
  if (header) return parseIndex(header, "Last-Event-ID") + 1;
  const query = new URL(request.url).searchParams.get("offset");
  if (query !== null) return parseIndex(query.trim(), "offset");
  return 0;
}

function parseIndex(raw: string, field: string): number {
  const value = Number(raw);
  // Digits only: rejects "-1", "1.5", "1e3", "0x10" and values past 2^53 that lose precision.
  if (!/^\d{1,15}$/.test(raw) || !Number.isSafeInteger(value)) {
    throw new HttpError(400, "invalid_offset", `${field} must be a non-negative integer.`);
  }
  return value;
}
