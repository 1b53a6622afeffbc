import { adminQueueView } from "../../../../lib/ai/queue_view.ts";
import { define } from "../../../../utils.ts";

/**
 * `GET /api/admin/queue`: every model line with requests in it: the host and model, its
 * parallelism, who is being answered and who waits, in the order they will be served.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const view = await adminQueueView(ctx.state.services);
    return Response.json(view, { headers: { "cache-control": "no-store" } });
  },
});
