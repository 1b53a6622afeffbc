import { define } from "../../../../../../utils.ts";
import { adminTasks } from "../_shared.ts";

/**
 * `GET /api/admin/ollama/tasks`: the admin's Ollama tasks (pull, create, install) the server still
 * tracks, oldest first, so a reloaded page can reattach to a download that is still running.
 */
export const handler = define.handlers({
  GET(ctx) {
    return Response.json({ tasks: adminTasks(ctx.state.services.tasks) }, {
      headers: { "cache-control": "no-store" },
    });
  },
});
