import { queueView } from "../../../../lib/ai/queue_view.ts";
import { listProfiles } from "../../../../lib/auth/profiles.ts";
import { define } from "../../../../utils.ts";

/**
 * `GET /api/admin/queue`: every model line with requests in it: the host and model, its
 * parallelism, who is being answered and who waits, in the order they will be served.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const { services } = ctx.state;
    const names = new Map((await listProfiles(services.db)).map((p) => [p.id, p.name]));
    const view = queueView(
      services.config.current.ollama.parallel,
      services.queue.snapshot(),
      names,
    );
    return Response.json(view, { headers: { "cache-control": "no-store" } });
  },
});
