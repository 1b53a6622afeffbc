/**
 * Browser side of task streams for the admin islands: reads a `text/event-stream` answer with
 * `fetch` (EventSource can neither POST nor send the session header), hands every event over,
 * and after a dropped connection resumes the task from the next event with `?offset=`, so
 * nothing is missed or seen twice. Imports nothing from the server.
 */
import { ApiError, apiError, apiJson } from "../../../lib/client/api.ts";
import { apiFetch } from "../../../lib/client/session.ts";
import { readSse, type StreamEvent } from "../../../lib/client/sse.ts";

/** One SSE event of a task. `data` is parsed JSON. */
export type TaskEvent = StreamEvent;

export { ApiError, apiError, apiJson };

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
        await readSse(res, (e) => {
          if (e.id >= next) {
            next = e.id + 1;
            failures = 0;
            onEvent(e);
          }
        }, signal)
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

function pause(attempt: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, Math.min(10_000, 500 * 2 ** (attempt - 1)));
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
