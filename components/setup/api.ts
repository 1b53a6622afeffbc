/**
 * Browser side of the setup API for the wizard island: JSON calls that turn refusals into
 * `ApiError`s (the server already said them in the page's language), and task streams read
 * with `fetch` (EventSource can neither POST nor send the session header) that resume after a
 * dropped connection from the next event, so nothing is missed or seen twice.
 */
import { apiFetch } from "../../lib/client/session.ts";
import type { T } from "./text.ts";

/** One SSE event of a task; `data` is parsed JSON. */
export interface TaskEvent {
  id: number;
  event: string;
  data: unknown;
}

/** An API refusal, or a task's `error` event. */
export class ApiError extends Error {
  constructor(readonly code: string, message: string, readonly field?: string) {
    super(message);
  }
}

/** A task that ended with an `error` event (its message is in English: say it by code). */
export class TaskFailure extends ApiError {}

/**
 * What to tell the user about `err`: a task failure by its code (`setup.task.<code>`, else a
 * generic sentence with the message), an API refusal as the server said it, anything else as a
 * network problem.
 */
export function failureText(err: unknown, t: T): string {
  if (err instanceof TaskFailure) {
    const key = `setup.task.${err.code}`;
    const text = t(key);
    return text === key ? t("setup.task.other", { message: err.message }) : text;
  }
  if (err instanceof ApiError) return err.message;
  return t("setup.error.network");
}

/** Reads an `{"error":{code,message}}` answer into an ApiError. */
export async function apiError(res: Response): Promise<ApiError> {
  try {
    const { code, message, field } = (await res.json())?.error ?? {};
    if (typeof code === "string") return new ApiError(code, String(message ?? code), field);
  } catch {
    // Not JSON: a proxy or a dead box answered.
  }
  return new ApiError(`http_${res.status}`, `HTTP ${res.status}`);
}

/** Calls the API with an optional JSON body; returns the parsed answer or throws ApiError. */
export async function apiJson<T>(path: string, body?: unknown): Promise<T> {
  const res = await apiFetch(path, {
    method: body === undefined ? "GET" : "POST",
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw await apiError(res);
  return await res.json() as T;
}

/** Parses one SSE block: an event, "done" for `[DONE]`, or null for comments. */
export function parseSseBlock(block: string): TaskEvent | "done" | null {
  let id = -1;
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
  return text === "[DONE]" ? "done" : { id, event, data: JSON.parse(text) };
}

/** Reads one response to its end; true when it reached `[DONE]`. */
async function readStream(res: Response, onEvent: (e: TaskEvent) => void): Promise<boolean> {
  if (!res.body) return false;
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  try {
    while (true) {
      const { value, done } = await reader.read();
      if (done) return false;
      buffer += value.replace(/\r\n?/g, "\n");
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const parsed = parseSseBlock(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        if (parsed === "done") return true;
        if (parsed) onEvent(parsed);
      }
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

/**
 * Opens a task stream with `open` (a POST that starts the task, or a resume) and reads it to
 * `[DONE]`, calling `onTask` with the task id and `onEvent` for every event once, in order. A
 * dropped connection resumes from the next event, with growing pauses, up to `retries` times.
 * An `error` event of the task is thrown as an ApiError after the stream ends.
 */
export async function followTask(
  open: () => Promise<Response>,
  handlers: { onEvent(e: TaskEvent): void; onTask?(id: string): void },
  retries = 8,
): Promise<void> {
  let taskId: string | null = null;
  let next = 0;
  let failures = 0;
  let failed: TaskFailure | null = null;
  let request = open;
  while (true) {
    try {
      const res = await request();
      if (!res.ok) throw await apiError(res);
      taskId ??= res.headers.get("X-Hearth-Task");
      if (taskId) handlers.onTask?.(taskId);
      const finished = await readStream(res, (e) => {
        if (e.id < next) return;
        next = e.id + 1;
        failures = 0;
        if (e.event === "error") {
          const { code, message } = e.data as { code?: string; message?: string };
          failed = new TaskFailure(code ?? "task_failed", message ?? "");
        }
        handlers.onEvent(e);
      });
      if (finished) {
        if (failed) throw failed;
        return;
      }
    } catch (err) {
      // Refusals and task errors are answers, not lost connections.
      if (err instanceof ApiError || !taskId) throw err;
    }
    if (!taskId || ++failures > retries) throw new ApiError("stream_lost", "stream lost");
    await new Promise((r) => setTimeout(r, Math.min(10_000, 500 * 2 ** (failures - 1))));
    const url = `/api/setup/tasks/${encodeURIComponent(taskId)}/stream?offset=${next}`;
    request = () => apiFetch(url);
  }
}
