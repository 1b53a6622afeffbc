/** Pieces the setup API routes share: `../_shared.ts` with the setup tasks' resume URL. */
import type { Task } from "../../../lib/tasks/task.ts";
import { taskResponse as tasksResponse } from "../_shared.ts";

export { modelName } from "../_shared.ts";

/** The SSE stream of a setup task from `offset`, resumable at `/api/setup/tasks/{id}/stream`. */
export function taskResponse(task: Task, offset = 0): Response {
  return tasksResponse(task, "/api/setup/tasks", offset);
}
