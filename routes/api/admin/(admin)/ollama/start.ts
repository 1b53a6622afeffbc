import { define } from "../../../../../utils.ts";
import { statusWithContext } from "./_shared.ts";

/**
 * `POST /api/admin/ollama/start`: returns once a configured host answers, starting `ollama serve` on
 * this box when none does; answers with the fresh status. 503 when Ollama is not installed or
 * does not come up.
 */
export const handler = define.handlers({
  async POST(ctx) {
    const { ollama } = ctx.state.services;
    await ollama.ensureRunning();
    return Response.json(await statusWithContext(ollama));
  },
});
