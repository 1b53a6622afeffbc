/**
 * Browser side of the setup API for the wizard island: JSON calls that turn refusals into
 * `ApiError`s (the server already said them in the page's language), and task streams read
 * with `fetch` (EventSource can neither POST nor send the session header) that resume after a
 * dropped connection from the next event, so nothing is missed or seen twice.
 */
import { ApiError, apiError, apiJson as sharedApiJson } from "../../lib/client/api.ts";
import { apiFetch } from "../../lib/client/session.ts";
import { readSse, type StreamEvent } from "../../lib/client/sse.ts";
import type { T } from "./text.ts";

/** One SSE event of a task; `data` is parsed JSON. */
export type TaskEvent = StreamEvent;

export { ApiError };

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

/** Calls the API: GET without a body, POST with one. Returns the answer or throws ApiError. */
export function apiJson<T>(path: string, body?: unknown): Promise<T> {
  return sharedApiJson<T>(path, body === undefined ? "GET" : "POST", body);
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
      const finished = await readSse(res, (e) => {
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
