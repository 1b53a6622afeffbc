import { requireProfile } from "../../../../../lib/auth/mod.ts";
import { parseResumeOffset, sseResponse } from "../../../../../lib/tasks/sse.ts";
import { define } from "../../../../../utils.ts";

/**
 * `GET /api/chat/tasks/{id}/stream`: the reply from `Last-Event-ID` + 1 (or `?offset=`), so a
 * client that lost its connection misses nothing and sees nothing twice.
 */
export const handler = define.handlers({
  GET(ctx) {
    const profile = requireProfile(ctx);
    const task = ctx.state.services.tasks.get(ctx.params.id, profile.id);
    return sseResponse(task, { offset: parseResumeOffset(ctx.req) });
  },
});
