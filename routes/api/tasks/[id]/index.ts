import { requireOwners } from "../../../../lib/tasks/owner.ts";
import { define } from "../../../../utils.ts";

/** `GET /api/tasks/{id}`: a task's kind, status, size and meta; 404 unless it is yours. */
export const handler = define.handlers({
  GET(ctx) {
    const task = ctx.state.services.tasks.get(ctx.params.id, requireOwners(ctx.state));
    return Response.json(task.info(), { headers: { "cache-control": "no-store" } });
  },
});
