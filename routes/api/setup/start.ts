import { startSetupOllama } from "../../../lib/setup/mod.ts";
import { define } from "../../../utils.ts";

/**
 * `POST /api/setup/start`: starts `ollama serve` when Ollama is installed but not running, waits
 * until it answers, and returns the Ollama step's new state. 503 `ollama_not_installed` when
 * there is nothing to start.
 */
export const handler = define.handlers({
  async POST(ctx) {
    return Response.json(await startSetupOllama(ctx.state.services));
  },
});
