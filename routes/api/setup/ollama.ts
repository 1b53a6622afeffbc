import { ollamaStep } from "../../../lib/setup/mod.ts";
import { define } from "../../../utils.ts";

/**
 * `GET /api/setup/ollama`: whether Ollama runs, is installed but stopped, is missing, or (a
 * remote host) does not answer; whether Hearth can install it here; the models it has.
 */
export const handler = define.handlers({
  async GET(ctx) {
    return Response.json(await ollamaStep(ctx.state.services), {
      headers: { "cache-control": "no-store" },
    });
  },
});
