import { requireOwners } from "../../../../lib/tasks/owner.ts";
import { define } from "../../../../utils.ts";

/**
 * `POST /api/tasks/{id}/cancel`: stops the task as its kind says (the upstream request is
 * aborted, never just its output hidden), waits until what it had is saved, and answers
 * `{cancelled, task, upstream}` (a chat reply: whether Ollama confirms the model stopped).
 */
export const handler = define.handlers({
  async POST(ctx) {
    const { tasks } = ctx.state.services;
    const task = tasks.get(ctx.params.id, requireOwners(ctx.state));
    return Response.json(await tasks.cancel(task));
  },
});
