import { startInstallTask } from "../../../../../lib/ollama/tasks.ts";
import { ADMIN } from "../../../../../lib/tasks/owner.ts";
import { taskResponse } from "../../../../../lib/tasks/sse.ts";
import { define } from "../../../../../utils.ts";

/**
 * `POST /api/admin/ollama/install`: runs the Ollama installer (Linux) or explains what to do
 * instead, as SSE: `log` lines, `manual` or `blocked` (what to run instead), then `done` or `error`, then `[DONE]`. A second call
 * while an install runs attaches to it instead of starting another.
 */
export const handler = define.handlers({
  POST(ctx) {
    const { ollama, tasks, log } = ctx.state.services;
    const running = tasks.list(ADMIN, "install").find((t) => t.running);
    return taskResponse(
      running ??
        startInstallTask(ollama, tasks, {
          owner: ADMIN,
          log: (message, fields) => log.warn(message, fields),
        }),
    );
  },
});
