import { SETUP_OWNER } from "../../../../../lib/setup/mod.ts";
import { parseResumeOffset } from "../../../../../lib/tasks/sse.ts";
import { define } from "../../../../../utils.ts";
import { taskResponse } from "../../_shared.ts";

/**
 * `GET /api/setup/tasks/{id}/stream`: a wizard task's events from `Last-Event-ID` + 1 or
 * `?offset=` (default 0), so a reloaded or reconnected wizard misses nothing and sees nothing
 * twice. 404 `task_not_found` for unknown or evicted tasks.
 */
export const handler = define.handlers({
  GET(ctx) {
    const task = ctx.state.services.tasks.get(ctx.params.id, SETUP_OWNER);
    return taskResponse(task, parseResumeOffset(ctx.req));
  },
});
