import { define } from "../../../lib/web/define.ts";
import { statusWithContext } from "./_shared.ts";

/** Admin only. */
export const config = { admin: true };

/**
 * `POST /api/ollama/start`: returns once a configured host answers, starting `ollama serve` on
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
