import { define } from "../../../../../../../utils.ts";
import { ADMIN_OWNER } from "../../_shared.ts";

/**
 * `POST /api/admin/ollama/tasks/{id}/cancel`: stops a pull (or build, or install); the upstream
 * request is aborted and the task ends `cancelled`. `cancelled` is false when the task had
 * already ended; its `status` then says how.
 */
export const handler = define.handlers({
  POST(ctx) {
    const task = ctx.state.services.tasks.get(ctx.params.id, ADMIN_OWNER);
    const cancelled = task.cancel();
    return Response.json({ cancelled, task: task.info() });
  },
});
