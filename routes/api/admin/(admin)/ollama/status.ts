import { define } from "../../../../../utils.ts";
import { statusWithContext } from "./_shared.ts";

/**
 * `GET /api/admin/ollama/status`: the `ollama` binary, and for every configured host whether it
 * answers, its version, the installed models (size, family, quantization, context) and the
 * models loaded in memory.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const status = await statusWithContext(ctx.state.services.ollama);
    return Response.json(status, { headers: { "cache-control": "no-store" } });
  },
});
