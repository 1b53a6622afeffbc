import { healthReport } from "../../../../lib/system/health.ts";
import { define } from "../../../../utils.ts";

/**
 * `GET /api/admin/health`: Ollama hosts and their loaded models, the model queue, running tasks
 * and buffer bytes, database size, last backup, certificate expiry and recent errors.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const report = await healthReport(ctx.state.services);
    return Response.json(report, { headers: { "cache-control": "no-store" } });
  },
});
