import { startSetupInstall } from "../../../lib/setup/mod.ts";
import { taskResponse } from "../../../lib/tasks/sse.ts";
import { define } from "../../../utils.ts";

/**
 * `POST /api/setup/install`: runs the official Ollama installer (Linux) as SSE: `log` events
 * (`{stream, line}`), or one `manual` event (`{os, message, url}`) where Hearth cannot install
 * it, then `done` or `error`, then `[DONE]`. Asking while it runs attaches to the same task.
 */
export const handler = define.handlers({
  POST(ctx) {
    return taskResponse(startSetupInstall(ctx.state.services));
  },
});
