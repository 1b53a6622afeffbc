/**
 * Serving a task's buffer as Server-Sent Events, from any offset, so a client that reconnects
 * with `Last-Event-ID` (or `?offset=`) misses nothing and sees nothing twice (SPEC §6).
 */
import { HttpError } from "../http/errors.ts";
import { type Chunk, DONE_SENTINEL, type Task } from "./task.ts";

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

// One pull sends every waiting chunk up to about this much text, so a replay costs few pulls
// yet a reader never has more than this (plus one chunk) of its own in memory.
const BATCH_CHARS = 64 * 1024;

/** One chunk in SSE wire format; the `[DONE]` sentinel has no `event:` line. */
export function formatChunk(chunk: Chunk): string {
  if (chunk.event === DONE_SENTINEL) return `id: ${chunk.index}\ndata: ${DONE_SENTINEL}\n\n`;
  // `data` is JSON text, which never holds a raw CR or LF, so one `data:` line is exact.
  return `id: ${chunk.index}\nevent: ${chunk.event}\ndata: ${chunk.data}\n\n`;
}

/**
 * A `text/event-stream` response of `task` from `offset` to its end. The body is pull-based:
 * chunks are read from the task's shared buffer only when the client takes them, so a stalled
 * client costs no memory, and the task never waits on it. Cancelling the body (a client
 * disconnect) stops reading and clears the timers; the task is not affected.
 */
export function sseResponse(task: Task, options: SseOptions = {}): Response {
  const { offset = 0, heartbeatMs = 15_000, stallMs = 120_000, signal } = options;
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new RangeError(`Invalid SSE offset: ${offset}`);
  }
  const encoder = new TextEncoder();
  const life = new AbortController();
  let index = offset;
  let lastWrite = performance.now();
  let stallTimer: ReturnType<typeof setTimeout> | undefined;
  let controller!: ReadableStreamDefaultController<Uint8Array>;

  const stop = () => {
    life.abort();
    clearTimeout(stallTimer);
    signal?.removeEventListener("abort", onSignal);
  };
  const onSignal = () => {
    if (life.signal.aborted) return;
    stop();
    controller.close();
  };
  // Output waits (a chunk, or the end) and the client has not pulled: drop the client, which
  // is all a stalled reader costs, never the task. While nothing waits, look again later.
  const armStall = () => {
    clearTimeout(stallTimer);
    stallTimer = setTimeout(() => {
      if (life.signal.aborted) return;
      if (task.chunkAt(index) === undefined && task.running) return armStall();
      stop();
      controller.error(new Error(`SSE reader of task ${task.id} stalled; dropped`));
    }, stallMs);
  };

  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      if (signal?.aborted) return onSignal();
      signal?.addEventListener("abort", onSignal, { once: true });
      armStall();
    },
    async pull() {
      clearTimeout(stallTimer);
      let text = "";
      while (!life.signal.aborted) {
        let chunk = task.chunkAt(index);
        while (chunk && text.length < BATCH_CHARS) {
          text += formatChunk(chunk);
          chunk = task.chunkAt(++index);
        }
        if (text) break;
        // Final chunks are appended before the status turns final: nothing more can come.
        if (!task.running) {
          stop();
          controller.close();
          return;
        }
        const idleFor = heartbeatMs - (performance.now() - lastWrite);
        if (idleFor <= 0) {
          text = SSE_HEARTBEAT;
          break;
        }
        await waitOrTimeout(task, index, idleFor, life.signal);
      }
      if (life.signal.aborted) return;
      controller.enqueue(encoder.encode(text));
      lastWrite = performance.now();
      armStall();
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

/** Waits for chunk `index` (or the end), at most `ms`, or until `signal` aborts. */
async function waitOrTimeout(
  task: Task,
  index: number,
  ms: number,
  signal: AbortSignal,
): Promise<void> {
  const wake = new AbortController();
  const timer = setTimeout(() => wake.abort(), ms);
  const onAbort = () => wake.abort();
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    await task.waitFor(index, wake.signal);
  } finally {
    clearTimeout(timer);
    signal.removeEventListener("abort", onAbort);
  }
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
