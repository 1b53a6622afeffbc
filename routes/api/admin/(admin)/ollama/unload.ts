import { z } from "zod";
import { SMALL_JSON_LIMIT } from "../../../../../lib/http/body.ts";
import { readJson } from "../../../../../lib/http/validate.ts";
import { modelName } from "../../../../../lib/ollama/mod.ts";
import { define } from "../../../../../utils.ts";

const UnloadBody = z.strictObject({ model: modelName });

/** `POST /api/admin/ollama/unload {model}`: frees the memory a loaded model holds, wherever it runs. */
export const handler = define.handlers({
  async POST(ctx) {
    const { model } = await readJson(ctx.req, UnloadBody, { limit: SMALL_JSON_LIMIT });
    await ctx.state.services.ollama.unload(model);
    return Response.json({ unloaded: model });
  },
});
