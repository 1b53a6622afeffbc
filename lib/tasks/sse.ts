/**
 * Serving a task's buffer as Server-Sent Events, from any offset, so a client that reconnects
 * with `Last-Event-ID` (or `?offset=`) misses nothing and sees nothing twice (SPEC §6).
 */
import { HttpError } from "../http/errors.ts";
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

/**
 * Up to `max` bytes of the SSE frames from `at` on, straight from the task's stored bytes (no
 * string per chunk), advancing `at`; null when no output waits.
 */
function takeFrames(task: Task, at: Cursor, max: number): Uint8Array | null {
  const events = task.buffer;
  const parts: { index: number; head: string; from: number; to: number }[] = [];
  let size = 0;
  let { index, pos } = at;
  while (index < events.length && size < max) {
    const head = frameHead(index, events.eventAt(index));
    const length = head.length + events.dataLength(index) + 2;
    const to = Math.min(length, pos + max - size);
    parts.push({ index, head, from: pos, to });
    size += to - pos;
    if (to < length) {
      pos = to;
      break;
    }
    index++;
    pos = 0;
  }
  if (!size) return null;
  at.index = index;
  at.pos = pos;
  const out = new Uint8Array(size);
  let w = 0;
  for (const { index, head, from, to } of parts) {
    const dataEnd = head.length + events.dataLength(index);
    for (let i = from; i < Math.min(to, head.length); i++) out[w++] = head.charCodeAt(i);
    const dataFrom = Math.max(from, head.length);
    const dataTo = Math.min(to, dataEnd);
    if (dataTo > dataFrom) {
      events.copyData(index, dataFrom - head.length, dataTo - head.length, out, w);
      w += dataTo - dataFrom;
    }
    for (let i = Math.max(from, dataEnd); i < to; i++) out[w++] = 10; // the closing "\n\n"
  }
  return out;
}

/**
 * A `text/event-stream` response of `task` from `offset` to its end. The body is pull-based:
 * chunks are read from the task's shared buffer only when the client takes them, so a stalled
 * client costs no memory, and the task never waits on it. Cancelling the body (a client
 * disconnect) stops reading and clears the timers; the task is not affected.
 *
 * Each response holds one of the registry's stream slots until it ends: throws HttpError 429
 * `too_many_streams` or 503 `streams_full` when none is free (see `StreamGate`). At shutdown the
 * registry ends every stream still open.
 */
export function sseResponse(task: Task, options: SseOptions = {}): Response {
  const { offset = 0, heartbeatMs = 15_000, stallMs = 120_000, signal } = options;
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new RangeError(`Invalid SSE offset: ${offset}`);
  }
  const lease = task.openStream();
  const encoder = new TextEncoder();
  let closed = false;
  const at: Cursor = { index: offset, pos: 0 };
  let lastWrite = performance.now();
  // True while a pull waits for output; `wake` ends that wait early (heartbeat due, stop).
  let waiting = false;
  let wake: (() => void) | null = null;
  // One timer per reader for both the heartbeat and the stall limit. It is moved only when it
  // would fire too late, and otherwise re-armed when it fires: never per chunk, because timers
  // per chunk were about a quarter of the relay's CPU (docs/BENCHMARKS.md).
  let timer: ReturnType<typeof setTimeout> | undefined;
  let dueAt = Infinity;
  let controller!: ReadableStreamDefaultController<Uint8Array>;

  /** Makes sure the timer fires no later than `at` (a `performance.now()` time). */
  const armBy = (at: number) => {
    if (closed || (timer !== undefined && dueAt <= at)) return;
    clearTimeout(timer);
    dueAt = at;
    timer = setTimeout(tick, Math.max(0, at - performance.now()));
  };
  const tick = () => {
    timer = undefined;
    dueAt = Infinity;
    if (closed) return;
    const now = performance.now();
    if (waiting) {
      // The pull wakes, finds nothing and writes the heartbeat, which re-arms the timer.
      if (now - lastWrite >= heartbeatMs) wake?.();
      else armBy(lastWrite + heartbeatMs);
      return;
    }
    if (now - lastWrite < stallMs) return armBy(lastWrite + stallMs);
    // Output waits (a chunk, or the end) and the client has not pulled: drop the client, which
    // is all a stalled reader costs, never the task. While nothing waits, look again later.
    if (at.index >= task.length && task.running) return armBy(now + stallMs);
    stop();
    controller.error(new Error(`SSE reader of task ${task.id} stalled; dropped`));
  };
  const stop = () => {
    closed = true;
    clearTimeout(timer);
    timer = undefined;
    signal?.removeEventListener("abort", onSignal);
    lease.release();
    wake?.();
  };
  const onSignal = () => {
    if (closed) return;
    stop();
    controller.close();
  };
  // An error, not a close: the connection is dropped even if the client stopped reading, so it
  // cannot hold up the server's shutdown.
  const onShutdown = () => {
    if (closed) return;
    stop();
    controller.error(new Error("The server is shutting down."));
  };

  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      if (signal?.aborted) return onSignal();
      if (lease.closing) return onShutdown();
      signal?.addEventListener("abort", onSignal, { once: true });
      lease.onClose(onShutdown);
      armBy(lastWrite + stallMs);
    },
    async pull() {
      let bytes: Uint8Array | null = null;
      while (!closed) {
        bytes = takeFrames(task, at, SSE_BATCH_BYTES);
        if (bytes) break;
        // Final chunks are appended before the status turns final: nothing more can come.
        if (!task.running) {
          stop();
          controller.close();
          return;
        }
        if (performance.now() - lastWrite >= heartbeatMs) {
          bytes = encoder.encode(SSE_HEARTBEAT);
          break;
        }
        armBy(lastWrite + heartbeatMs);
        waiting = true;
        // waitFor without a signal hands every reader the task's one shared promise.
        await new Promise<void>((resolve) => {
          wake = resolve;
          task.waitFor(at.index).then(resolve);
        });
        waiting = false;
        wake = null;
      }
      if (closed || !bytes) return;
      controller.enqueue(bytes);
      lastWrite = performance.now();
      armBy(lastWrite + stallMs);
    },
    cancel() {
      stop();
    },
  }, { highWaterMark: 0 }); // pull only when the client reads: nothing queues up per reader

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
