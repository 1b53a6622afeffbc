import { define } from "../../../../../utils.ts";

/**
 * `GET /api/admin/system/check`: RAM, disk, CPU, GPUs and OS of the box, the model catalogue with
 * what fits, and one recommendation.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const { report, recommendation } = await ctx.state.services.systemCheck();
    return Response.json({ report, recommendation }, { headers: { "cache-control": "no-store" } });
  },
});
