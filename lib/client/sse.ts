/**
 * Server-Sent Events over `fetch`, for islands: an incremental parser, and `TaskFollower`, which
 * reads a task's stream to its end across dropped connections: a chat reply, or a setup or admin
 * task (`followTask`). EventSource cannot POST or send the session header, hence fetch.
 *
 * Resume: every event carries `id:` = its chunk index. The follower remembers the last id it
 * handed over; when the connection fails, ends before `[DONE]`, goes silent for longer than the
 * server's heartbeat, or the device goes offline, it reopens the task's stream (for a chat reply
 * `GET /api/chat/tasks/{id}/stream`) with `Last-Event-ID` after a backoff (0.5 s doubling to
 * 10 s), at once when the page becomes visible or the browser comes back online. Events at or
 * below the last id are dropped, so the caller sees every event exactly once, in order. Imports
 * nothing from the server.
 */
import { ApiError, apiError } from "./api.ts";
import { apiFetch } from "./session.ts";

/** One event; `data` is parsed JSON. */
export interface StreamEvent {
  id: number;
  event: string;
  data: unknown;
}

/** The `[DONE]` sentinel's event name as the parser reports it. */
export const DONE = "[DONE]";

/** Splits SSE text, fed in arbitrary pieces, into events. Comments (heartbeats) are skipped. */
export class SseParser {
  #buffer = "";

  /** Feeds the next piece of text; returns the events it completed. */
  push(text: string): StreamEvent[] {
    let all = this.#buffer + text;
    // A CR at the very end may be the first half of a CRLF: keep it for the next piece.
    const held = all.endsWith("\r") ? "\r" : "";
    if (held) all = all.slice(0, -1);
    all = all.replace(/\r\n?/g, "\n");
    const out: StreamEvent[] = [];
    let end: number;
    while ((end = all.indexOf("\n\n")) >= 0) {
      const event = parseBlock(all.slice(0, end));
      all = all.slice(end + 2);
      if (event) out.push(event);
    }
    this.#buffer = all + held;
    return out;
  }
}

function parseBlock(block: string): StreamEvent | null {
  let id = NaN;
  let event = "message";
  const data: string[] = [];
  for (const line of block.split("\n")) {
    if (!line || line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "id") id = Number(value);
    else if (field === "event") event = value;
    else if (field === "data") data.push(value);
  }
  if (!data.length) return null;
  const text = data.join("\n");
  if (text === DONE) return { id, event: DONE, data: DONE };
  try {
    return { id, event, data: JSON.parse(text) };
  } catch {
    return { id, event, data: text };
  }
}

/** The connection as the UI shows it. */
export type Link = "live" | "retrying" | "offline";

/** How `TaskFollower` reports. */
export interface FollowOptions {
  /** Every event up to `[DONE]`, exactly once, in order. */
  onEvent(event: StreamEvent): void;
  /** The task's id, once known (from the `X-Hearth-Task` header or the `meta` event). */
  onTask?(taskId: string): void;
  /** Where a task's stream resumes (default: a chat reply's, `taskStreamPath`). */
  resumePath?(taskId: string): string;
  /** The connection came up, or is being retried. */
  onLink?(link: Link): void;
  /**
   * Finds the task when the first connection broke before its `meta` event named it (e.g. from
   * the reply saved as `streaming`); null gives up.
   */
  findTask?(): Promise<string | null>;
  /** `fetch` for API paths (default `apiFetch`, which adds the session header). */
  fetch?(path: string, init: RequestInit): Promise<Response>;
  /** Silence longer than this means a dead connection (default 40 s; heartbeats come every 15 s). */
  idleMs?: number;
  /** Failed attempts in a row (without a new event in between) before giving up (default 40). */
  maxAttempts?: number;
}

/** The resume URL of a chat task. */
export function taskStreamPath(taskId: string): string {
  return `/api/chat/tasks/${encodeURIComponent(taskId)}/stream`;
}

/** The header in which setup and admin task streams name their task. */
const TASK_HEADER = "X-Hearth-Task";

/** The stream stayed lost (or was lost before anything named the task). */
function streamLost(): ApiError {
  return new ApiError("stream_lost", "The connection to the box was lost.");
}

/** Reads one task's stream to `[DONE]`, resuming by itself. One follower per stream. */
export class TaskFollower {
  /** The task, once known (given, or named by `X-Hearth-Task` or the `meta` event). */
  taskId: string | null;
  /** Id of the last event handed over (-1: none yet). */
  lastId = -1;
  readonly #start: ((signal: AbortSignal) => Promise<Response>) | null;
  readonly #opts: FollowOptions;
  #closed = false;
  #conn: AbortController | null = null;
  #connected = false;
  #lastByte = 0;
  #wakeUp: (() => void) | null = null;
  #failures = 0;

  /**
   * `start` opens the first connection (the POST that starts a reply); without it the follower
   * resumes `taskId` from its beginning (a page reloaded mid-reply).
   */
  constructor(
    start: ((signal: AbortSignal) => Promise<Response>) | null,
    taskId: string | null,
    opts: FollowOptions,
  ) {
    this.#start = start;
    this.taskId = taskId;
    this.#opts = opts;
  }

  /**
   * Resolves at `[DONE]` or after `close()`. Rejects with an ApiError when the server refuses
   * (the first request's 4xx/5xx, a resume's 4xx such as an evicted task) or the stream stays
   * lost (`stream_lost`).
   */
  async follow(): Promise<void> {
    const onOnline = () => this.wake();
    const onOffline = () => this.#conn?.abort();
    const onVisible = () => document.visibilityState === "visible" && this.wake();
    const doc = typeof document === "undefined" ? null : document;
    globalThis.addEventListener?.("online", onOnline);
    globalThis.addEventListener?.("offline", onOffline);
    doc?.addEventListener("visibilitychange", onVisible);
    try {
      await this.#loop();
    } finally {
      globalThis.removeEventListener?.("online", onOnline);
      globalThis.removeEventListener?.("offline", onOffline);
      doc?.removeEventListener("visibilitychange", onVisible);
    }
  }

  /**
   * The page became visible or the browser came back online: retry now, and drop a connection
   * that has been silent for a while (a sleeping phone's socket is often dead but not closed).
   */
  wake(): void {
    this.#failures = 0;
    if (this.#wakeUp) this.#wakeUp();
    else if (this.#connected && performance.now() - this.#lastByte > 3000) this.#conn?.abort();
  }

  /** Stops reading; the task goes on on the server. */
  close(): void {
    this.#closed = true;
    this.#conn?.abort();
    this.#wakeUp?.();
  }

  async #loop(): Promise<void> {
    const fetcher = this.#opts.fetch ?? apiFetch;
    for (let first = true; !this.#closed; first = false) {
      const conn = this.#conn = new AbortController();
      const before = this.lastId;
      try {
        let res: Response;
        if (first && this.#start) {
          res = await this.#start(conn.signal);
        } else {
          this.#found(await this.#opts.findTask?.() ?? null);
          if (!this.taskId) throw streamLost();
          const headers: Record<string, string> = this.lastId >= 0
            ? { "Last-Event-ID": String(this.lastId) }
            : {};
          const path = this.#opts.resumePath ?? taskStreamPath;
          res = await fetcher(path(this.taskId), {
            headers,
            signal: conn.signal,
            cache: "no-store",
          });
        }
        if (!res.ok) {
          const err = await apiError(res);
          // Refusals are final; a busy or restarting box is worth another try.
          if (first || res.status < 500) throw err;
        } else {
          this.#found(res.headers.get(TASK_HEADER));
          this.#connected = true;
          this.#opts.onLink?.("live");
          if (await this.#read(res, conn)) return;
        }
      } catch (err) {
        if (err instanceof ApiError) throw err;
        // Anything else is the network: try again below, unless nothing names a task to resume.
        if (!this.taskId && !this.#opts.findTask && !this.#closed) throw err;
      } finally {
        this.#connected = false;
      }
      if (this.#closed) return;
      if (this.lastId > before) this.#failures = 0;
      const attempt = ++this.#failures;
      if (attempt > (this.#opts.maxAttempts ?? 40)) throw streamLost();
      const online = globalThis.navigator?.onLine !== false;
      this.#opts.onLink?.(online ? "retrying" : "offline");
      // Offline: the "online" event wakes us; the timer is only a fallback.
      const ms = online ? Math.min(10_000, 500 * 2 ** (attempt - 1)) : 30_000;
      await this.#pause(ms * (0.8 + Math.random() * 0.4));
    }
  }

  /** Reads one response; true when it reached `[DONE]`. */
  async #read(res: Response, conn: AbortController): Promise<boolean> {
    if (!res.body) return false;
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    const parser = new SseParser();
    const idleMs = this.#opts.idleMs ?? 40_000;
    this.#lastByte = performance.now();
    const watchdog = setInterval(() => {
      if (performance.now() - this.#lastByte > idleMs) conn.abort();
    }, Math.min(5000, idleMs / 2));
    const stop = () => reader.cancel().catch(() => {});
    conn.signal.addEventListener("abort", stop, { once: true });
    try {
      while (true) {
        const { value, done } = await reader.read();
        if (done) return false;
        this.#lastByte = performance.now();
        for (const event of parser.push(value)) {
          if (this.#closed) return false; // close() stops the handing over too
          if (event.event === DONE) return true;
          // Already handed over (a resume overlapping what was read before).
          if (event.id <= this.lastId) continue;
          if (Number.isFinite(event.id)) this.lastId = event.id;
          const taskId = (event.data as { taskId?: unknown })?.taskId;
          if (event.event === "meta" && typeof taskId === "string") this.#found(taskId);
          this.#opts.onEvent(event);
        }
      }
    } finally {
      clearInterval(watchdog);
      conn.signal.removeEventListener("abort", stop);
      stop();
    }
  }

  /** Notes the task's id the first time something names it. */
  #found(taskId: string | null): void {
    if (!taskId || this.taskId) return;
    this.taskId = taskId;
    this.#opts.onTask?.(taskId);
  }

  #pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wakeUp = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wakeUp = done;
    });
  }
}

/** How `followTask` reports. */
export interface TaskOptions {
  /** Every event up to `[DONE]`, exactly once, in order. */
  onEvent(event: StreamEvent): void;
  /** The task's id, as soon as the first answer names it. */
  onTask?(taskId: string): void;
  /** Stops reading (the task goes on on the server). */
  signal?: AbortSignal;
  /** Failed attempts in a row before giving up (default 8). */
  retries?: number;
  /** `fetch` for the resumes (default `apiFetch`, which adds the session header). */
  fetch?(path: string, init: RequestInit): Promise<Response>;
}

/**
 * Reads a setup or admin task to `[DONE]`, resuming by itself like a chat reply. `start` opens
 * the first connection: the POST that starts the task, or its stream after a reload. Its answer
 * names the task in `X-Hearth-Task`, and a dropped connection resumes from
 * `{tasksPath}/{id}/stream`. Rejects with an ApiError for a refusal or a stream that stays lost;
 * an `error` event is the caller's to judge.
 */
export async function followTask(
  start: (signal: AbortSignal) => Promise<Response>,
  tasksPath: string,
  options: TaskOptions,
): Promise<void> {
  const { signal } = options;
  signal?.throwIfAborted();
  const follower = new TaskFollower(start, null, {
    onEvent: options.onEvent,
    onTask: options.onTask,
    resumePath: (id) => `${tasksPath}/${encodeURIComponent(id)}/stream`,
    maxAttempts: options.retries ?? 8,
    fetch: options.fetch,
  });
  const stop = () => follower.close();
  signal?.addEventListener("abort", stop, { once: true });
  try {
    await follower.follow();
  } finally {
    signal?.removeEventListener("abort", stop);
  }
}
