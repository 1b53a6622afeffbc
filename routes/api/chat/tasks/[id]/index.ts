import { requireProfile } from "../../../../../lib/auth/mod.ts";
import { define } from "../../../../../utils.ts";

/** `GET /api/chat/tasks/{id}`: a reply's status, size and ids (its owner only). */
export const handler = define.handlers({
  GET(ctx) {
    const profile = requireProfile(ctx);
    const task = ctx.state.services.tasks.get(ctx.params.id, profile.id);
    return Response.json(task.info());
  },
});
