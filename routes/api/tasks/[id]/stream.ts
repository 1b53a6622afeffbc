import { requireOwners } from "../../../../lib/tasks/owner.ts";
import { parseResumeOffset, taskResponse } from "../../../../lib/tasks/sse.ts";
import { define } from "../../../../utils.ts";

/**
 * `GET /api/tasks/{id}/stream`: the task's events after `Last-Event-ID` (or from `?offset=`, else
 * from the start), so a client that lost its connection misses nothing and sees nothing twice.
 */
export const handler = define.handlers({
  GET(ctx) {
    const offset = parseResumeOffset(ctx.req);
    return taskResponse(
      ctx.state.services.tasks.get(ctx.params.id, requireOwners(ctx.state)),
      offset,
    );
  },
});
