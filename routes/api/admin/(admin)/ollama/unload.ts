import { z } from "zod";
import { readJson } from "../../../../../lib/http/validate.ts";
import { modelName } from "../../../../../lib/ollama/mod.ts";
import { define } from "../../../../../utils.ts";

const UnloadBody = z.strictObject({ model: modelName });

/** `POST /api/admin/ollama/unload {model}`: frees the memory a loaded model holds, wherever it runs. */
export const handler = define.handlers({
  async POST(ctx) {
    const { model } = await readJson(ctx.req, UnloadBody);
    await ctx.state.services.ollama.unload(model);
    return Response.json({ unloaded: model });
  },
});
