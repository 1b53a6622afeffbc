import { requireProfile } from "../../../../../lib/auth/mod.ts";
import { confirmStopped, expiresAtOf } from "../../../../../lib/chat/cancel.ts";
import { define } from "../../../../../lib/web/define.ts";

/**
 * `POST /api/chat/tasks/{id}/cancel`: aborts the upstream request (never just hides output),
 * waits until the partial reply is saved, and confirms through Ollama's `/api/ps` that the
 * model stopped.
 */
export const handler = define.handlers({
  async POST(ctx) {
    const profile = requireProfile(ctx);
    const { services } = ctx.state;
    const task = services.tasks.get(ctx.params.id, profile.id);
    const model = String(task.meta.model ?? "");
    const before = task.running ? await expiresAtOf(services.ollama, model) : undefined;
    const cancelled = task.cancel();
    await task.ended;
    const upstream = cancelled ? await confirmStopped(services.ollama, model, before) : null;
    return Response.json({ cancelled, status: task.status, upstream });
  },
});
