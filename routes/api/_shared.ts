/**
 * Pieces the admin and setup API routes share: the model-name schema and the SSE answer that
 * names its task, so a reloaded page can resume or cancel it.
 */
import { z } from "zod";
import { isValidModelName } from "../../lib/ollama/mod.ts";
import { sseResponse } from "../../lib/tasks/sse.ts";
import type { Task } from "../../lib/tasks/task.ts";

/** Response header with the id of the task a POST started (for cancel and resume). */
const TASK_HEADER = "X-Hearth-Task";

/** A model name as Ollama accepts it (`llama3.2`, `library/qwen2.5:7b`). */
export const modelName = z.string().trim().min(1).max(200).refine(
  isValidModelName,
  "not a valid model name",
);

/**
 * The SSE stream of `task` from `offset`, with the task id in a header and its resume URL
 * (`{tasksPath}/{id}/stream`) in `Location`.
 */
export function taskResponse(task: Task, tasksPath: string, offset = 0): Response {
  const res = sseResponse(task, { offset });
  res.headers.set(TASK_HEADER, task.id);
  res.headers.set("Location", `${tasksPath}/${task.id}/stream`);
  return res;
}
