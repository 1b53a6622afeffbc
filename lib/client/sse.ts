/**
 * Server-Sent Events over `fetch`, for islands: an incremental parser, and `followTask`, the one
 * way the browser reads a task (a chat reply, a model download, the installer) to its end across
 * dropped connections. EventSource cannot POST or send the session header, hence fetch.
 *
 * The response that starts a task names it in `X-Hearth-Task`. Every event carries `id:` = its
 * chunk index; the follower remembers the last id it handed over, and when the connection fails,
 * ends before `[DONE]`, goes silent for longer than the server's heartbeat, or the device goes
 * offline, it reopens `GET /api/tasks/{id}/stream` with `Last-Event-ID` after a backoff (0.5 s
 * doubling to 10 s), at once when the page becomes visible or the browser comes back online.
 * Events at or below the last id are dropped, so the caller sees every event exactly once, in
 * order. Imports nothing from the server.
 */
import { ApiError, apiError } from "./api.ts";
import { apiFetch } from "./session.ts";
import { TASK_HEADER, taskStreamUrl } from "../tasks/types.ts";

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

  #started = false;

  /** Feeds the next piece of text; returns the events it completed. */
  push(text: string): StreamEvent[] {
    let all = this.#buffer + text;
    // A byte order mark may open the stream (the SSE spec skips it).
    if (!this.#started && all) {
      this.#started = true;
      if (all.startsWith("\uFEFF")) all = all.slice(1);
    }
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

/** A task that ended with an `error` event: its `code` and (English) `message`. */
export class TaskError extends ApiError {}

/** What `followTask` needs: where to start, and where to report. */
export interface FollowOptions {
  /**
   * Opens the first connection (the POST that starts a task); its `X-Hearth-Task` header names
   * the task. Without it, `taskId` is read from its first event (a page reloaded mid-task).
   */
  start?(signal: AbortSignal): Promise<Response>;
  /** The task to read, when it is already known. */
  taskId?: string | null;
  /** Every event up to `[DONE]`, exactly once, in order (an `error` event too). */
  onEvent(event: StreamEvent): void;
  /** The task's id, once known (at once when `taskId` was given). */
  onTask?(taskId: string): void;
  /** The connection came up, or is being retried. */
  onLink?(link: Link): void;
  /**
   * Finds the task when the first connection broke before its answer named it (e.g. from the
   * reply saved as `streaming`); null gives up.
   */
  findTask?(): Promise<string | null>;
  /** Stops reading, like `close()`; the task goes on on the server. */
  signal?: AbortSignal;
  /** `fetch` for API paths (default `apiFetch`, which adds the session header). */
  fetch?(path: string, init: RequestInit): Promise<Response>;
  /** Silence longer than this means a dead connection (default 40 s; heartbeats come every 15 s). */
  idleMs?: number;
  /** Failed attempts in a row (without a new event in between) before giving up (default 40). */
  retries?: number;
}

/** A task being read. */
export interface Following {
  /** The task, once known. */
  readonly taskId: string | null;
  /** Id of the last event handed over (-1: none yet). */
  readonly lastId: number;
  /**
   * Resolves at `[DONE]` or after `close()`. Rejects with a `TaskError` when the task ended with
   * an `error` event, and with an `ApiError` when the server refuses (the first request's answer,
   * a resume's 4xx such as an evicted task) or the stream stays lost (`stream_lost`).
   */
  readonly done: Promise<void>;
  /** The page became visible or the browser came back online: retry now. */
  wake(): void;
  /** Stops reading; the task goes on on the server. */
  close(): void;
}

/** Starts reading a task (see the module doc). */
export function followTask(options: FollowOptions): Following {
  const follower = new TaskFollower(options);
  const done = follower.follow();
  return {
    get taskId() {
      return follower.taskId;
    },
    get lastId() {
      return follower.lastId;
    },
    done,
    wake: () => follower.wake(),
    close: () => follower.close(),
  };
}

/** The stream stayed lost (or was lost before anything named the task). */
function streamLost(): ApiError {
  return new ApiError("stream_lost", "The connection to the box was lost.");
}

/** Reads one task's stream to `[DONE]`, resuming by itself. One follower per stream. */
class TaskFollower {
  taskId: string | null;
  lastId = -1;
  readonly #opts: FollowOptions;
  #closed = false;
  #conn: AbortController | null = null;
  #connected = false;
  #lastByte = 0;
  #wakeUp: (() => void) | null = null;
  #failures = 0;
  #error: TaskError | null = null;

  constructor(opts: FollowOptions) {
    this.taskId = opts.taskId ?? null;
    this.#opts = opts;
  }

  async follow(): Promise<void> {
    const onOnline = () => this.wake();
    const onOffline = () => this.#conn?.abort();
    const onVisible = () => document.visibilityState === "visible" && this.wake();
    const onAbort = () => this.close();
    const doc = typeof document === "undefined" ? null : document;
    const signal = this.#opts.signal;
    globalThis.addEventListener?.("online", onOnline);
    globalThis.addEventListener?.("offline", onOffline);
    doc?.addEventListener("visibilitychange", onVisible);
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      if (signal?.aborted) return;
      if (this.taskId) this.#opts.onTask?.(this.taskId);
      await this.#loop();
    } finally {
      globalThis.removeEventListener?.("online", onOnline);
      globalThis.removeEventListener?.("offline", onOffline);
      doc?.removeEventListener("visibilitychange", onVisible);
      signal?.removeEventListener("abort", onAbort);
    }
    if (this.#error && !this.#closed) throw this.#error;
  }

  /**
   * Retries now, and drops a connection that has been silent for a while (a sleeping phone's
   * socket is often dead but not closed).
   */
  wake(): void {
    this.#failures = 0;
    if (this.#wakeUp) this.#wakeUp();
    else if (this.#connected && performance.now() - this.#lastByte > 3000) this.#conn?.abort();
  }

  close(): void {
    this.#closed = true;
    this.#conn?.abort();
    this.#wakeUp?.();
  }

  async #loop(): Promise<void> {
    const fetcher = this.#opts.fetch ?? apiFetch;
    const start = this.#opts.start;
    for (let first = true; !this.#closed; first = false) {
      const conn = this.#conn = new AbortController();
      const before = this.lastId;
      try {
        let res: Response;
        if (first && start) {
          res = await start(conn.signal);
        } else {
          if (!this.taskId) this.#found(await this.#opts.findTask?.() ?? null);
          if (!this.taskId) throw streamLost();
          const headers: Record<string, string> = this.lastId >= 0
            ? { "Last-Event-ID": String(this.lastId) }
            : {};
          res = await fetcher(taskStreamUrl(this.taskId), {
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
      if (attempt > (this.#opts.retries ?? 40)) throw streamLost();
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
          if (event.event === "error") {
            const { code, message } = (event.data ?? {}) as { code?: unknown; message?: unknown };
            this.#error = new TaskError(String(code ?? "task_failed"), String(message ?? ""));
          }
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
