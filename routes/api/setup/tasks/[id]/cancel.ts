import { SETUP_OWNER } from "../../../../../lib/setup/mod.ts";
import { define } from "../../../../../utils.ts";

/**
 * `POST /api/setup/tasks/{id}/cancel`: stops a wizard task (a download or the installer); its
 * stream ends with an `error` event `task_cancelled`. `cancelled` is false when it had already
 * ended.
 */
export const handler = define.handlers({
  async POST(ctx) {
    const task = ctx.state.services.tasks.get(ctx.params.id, SETUP_OWNER);
    const cancelled = task.cancel();
    await task.ended;
    return Response.json({ cancelled, status: task.status });
  },
});
