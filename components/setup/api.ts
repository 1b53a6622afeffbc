/**
 * Browser side of the setup API for the wizard island: JSON calls that turn refusals into
 * `ApiError`s (the server already said them in the page's language), and task streams read
 * with `fetch` (EventSource can neither POST nor send the session header) that resume after a
 * dropped connection from the next event, so nothing is missed or seen twice.
 */
import { ApiError, apiJson as sharedApiJson } from "../../lib/client/api.ts";
import { followTask as followTaskStream, type StreamEvent } from "../../lib/client/sse.ts";
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
 * Opens a task stream with `open` (a POST that starts the task, or its stream after a reload)
 * and reads it to `[DONE]`, calling `onTask` with the task id and `onEvent` for every event once,
 * in order; a dropped connection resumes by itself (`lib/client/sse.ts`). An `error` event of the
 * task, or a stream that stays lost, is thrown as a `TaskFailure` once the stream ends.
 */
export async function followTask(
  open: () => Promise<Response>,
  handlers: { onEvent(e: TaskEvent): void; onTask?(id: string): void },
  retries = 8,
): Promise<void> {
  let failed: TaskFailure | null = null;
  try {
    await followTaskStream(open, "/api/setup/tasks", {
      onTask: handlers.onTask,
      onEvent(e) {
        if (e.event === "error") {
          const { code, message } = e.data as { code?: string; message?: string };
          failed = new TaskFailure(code ?? "task_failed", message ?? "");
        }
        handlers.onEvent(e);
      },
      retries,
    });
  } catch (err) {
    // Said by code (`setup.task.stream_lost`), like the task's own failures.
    if (err instanceof ApiError && err.code === "stream_lost") {
      throw new TaskFailure(err.code, err.message);
    }
    throw err;
  }
  if (failed) throw failed;
}
