/**
 * Browser side of task streams for the admin islands: reads a `text/event-stream` answer with
 * `fetch` (EventSource can neither POST nor send the session header), hands every event over,
 * and after a dropped connection resumes the task from the next event with `?offset=`, so
 * nothing is missed or seen twice. Imports nothing from the server.
 */
import { apiFetch } from "../../../lib/client/session.ts";

/** One SSE event of a task. `data` is parsed JSON. */
export interface TaskEvent {
  id: number;
  event: string;
  data: unknown;
}

/** An `{"error":{"code","message","field"}}` answer, or a task's `error` event. */
export class ApiError extends Error {
  constructor(readonly code: string, message: string, readonly field?: string) {
    super(message);
  }
}

/** Turns a non-2xx API answer into an ApiError (the server already said it in our language). */
export async function apiError(res: Response): Promise<ApiError> {
  try {
    const body = await res.json();
    const { code, message, field } = body?.error ?? {};
    if (typeof code === "string") return new ApiError(code, String(message ?? code), field);
  } catch {
    // Not JSON: a proxy or a dead box answered.
  }
  return new ApiError("http_" + res.status, `HTTP ${res.status}`);
}

/** Sends JSON to the API and returns the parsed answer, or throws an ApiError. */
export async function apiJson<T>(path: string, method = "GET", body?: unknown): Promise<T> {
  const res = await apiFetch(path, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw await apiError(res);
  return await res.json() as T;
}

/** Parses one SSE block; null for comments (heartbeats) and blocks without data. */
export function parseBlock(block: string): TaskEvent | "done" | null {
  let id = -1;
  let event = "message";
  const data: string[] = [];
  for (const line of block.split("\n")) {
    if (line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "id") id = Number(value);
    else if (field === "event") event = value;
    else if (field === "data") data.push(value);
  }
  if (!data.length) return null;
  const text = data.join("\n");
  if (text === "[DONE]") return "done";
  return { id, event, data: JSON.parse(text) };
}

/** What `followTask` reports besides events. */
export interface FollowOptions {
  /** Every event, in order, exactly once. */
  onEvent(event: TaskEvent): void;
  /** The task id, as soon as it is known. */
  onTask?(id: string): void;
  /** Stops reading (the task goes on on the server). */
  signal?: AbortSignal;
  /** Attempts to resume after a dropped connection before giving up (default 8). */
  retries?: number;
}

/**
 * Starts (with `start`) or resumes a task stream and reads it to `[DONE]`. A connection that
 * breaks before `[DONE]` is resumed from the next event. Throws an ApiError for an API refusal.
 */
export async function followTask(
  start: () => Promise<Response>,
  options: FollowOptions,
): Promise<void> {
  const { onEvent, onTask, signal, retries = 8 } = options;
  let taskId: string | null = null;
  let next = 0;
  let failures = 0;
  let open = start;
  while (true) {
    let res: Response;
    try {
      res = await open();
    } catch (err) {
      if (signal?.aborted || !taskId || ++failures > retries) throw err;
      await pause(failures, signal);
      continue;
    }
    if (!res.ok) throw await apiError(res);
    taskId ??= res.headers.get("X-Hearth-Task");
    if (taskId) onTask?.(taskId);
    try {
      if (
        await readEvents(res, signal, (e) => {
          if (e.id >= next) {
            next = e.id + 1;
            failures = 0;
            onEvent(e);
          }
        })
      ) return;
    } catch (err) {
      if (signal?.aborted) throw err;
    }
    if (signal?.aborted) return;
    if (!taskId || ++failures > retries) throw new ApiError("stream_lost", "stream lost");
    await pause(failures, signal);
    const url = `/api/ollama/tasks/${encodeURIComponent(taskId)}/stream?offset=${next}`;
    open = () => apiFetch(url, { signal });
  }
}

/** Reads one response; true when it reached `[DONE]`. */
async function readEvents(
  res: Response,
  signal: AbortSignal | undefined,
  emit: (e: TaskEvent) => void,
): Promise<boolean> {
  if (!res.body) return false;
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  const stop = () => reader.cancel().catch(() => {});
  signal?.addEventListener("abort", stop, { once: true });
  let buffer = "";
  try {
    while (true) {
      const { value, done } = await reader.read();
      if (done) return false;
      buffer += value.replace(/\r\n?/g, "\n");
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const parsed = parseBlock(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        if (parsed === "done") return true;
        if (parsed) emit(parsed);
      }
    }
  } finally {
    signal?.removeEventListener("abort", stop);
    stop();
  }
}

function pause(attempt: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, Math.min(10_000, 500 * 2 ** (attempt - 1)));
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
