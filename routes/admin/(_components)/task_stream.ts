/**
 * Browser side of task streams for the admin islands: an Ollama task (pull, install, create)
 * read to `[DONE]`, every event once and in order, resuming by itself after a dropped connection
 * (`lib/client/sse.ts`). Imports nothing from the server.
 */
import { ApiError, apiJson } from "../../../lib/client/api.ts";
import {
  followTask as followTaskStream,
  type StreamEvent,
  type TaskOptions,
} from "../../../lib/client/sse.ts";

/** One SSE event of a task. `data` is parsed JSON. */
export type TaskEvent = StreamEvent;

export { ApiError, apiJson };

/**
 * Starts (with `start`: the POST, or the task's stream after a reload) or resumes an Ollama task
 * and reads it to `[DONE]`. Throws an ApiError for an API refusal or a stream that stays lost.
 */
export function followTask(
  start: (signal: AbortSignal) => Promise<Response>,
  options: TaskOptions,
): Promise<void> {
  return followTaskStream(start, "/api/admin/ollama/tasks", options);
}
