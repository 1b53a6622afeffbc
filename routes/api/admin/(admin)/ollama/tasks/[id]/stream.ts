import { parseResumeOffset } from "../../../../../../../lib/tasks/sse.ts";
import { define } from "../../../../../../../utils.ts";
import { ADMIN_OWNER, taskResponse } from "../../_shared.ts";

/**
 * `GET /api/admin/ollama/tasks/{id}/stream`: the task's events again, after `Last-Event-ID` or from
 * `?offset=`, so a reloaded page misses nothing. 404 `task_not_found` for an unknown task.
 */
export const handler = define.handlers({
  GET(ctx) {
    const offset = parseResumeOffset(ctx.req);
    const task = ctx.state.services.tasks.get(ctx.params.id, ADMIN_OWNER);
    return taskResponse(task, offset);
  },
});
