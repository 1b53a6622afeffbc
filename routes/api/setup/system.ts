import { ollamaStep, systemStep } from "../../../lib/setup/mod.ts";
import { define } from "../../../utils.ts";

/**
 * `GET /api/setup/system`: RAM, disk, CPU, GPUs and OS of this box, and every chat model with
 * whether it fits, is tight or does not fit, the suggested one, and which Ollama already has.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const { services } = ctx.state;
    const { models } = await ollamaStep(services);
    return Response.json(await systemStep(services, models), {
      headers: { "cache-control": "no-store" },
    });
  },
});
