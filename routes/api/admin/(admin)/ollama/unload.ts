import { z } from "zod";
import { readJson } from "../../../../../lib/http/validate.ts";
import { define } from "../../../../../utils.ts";
import { modelName } from "./_shared.ts";

const UnloadBody = z.strictObject({ model: modelName });

/** `POST /api/admin/ollama/unload {model}`: frees the memory a loaded model holds, wherever it runs. */
export const handler = define.handlers({
  async POST(ctx) {
    const { model } = await readJson(ctx.req, UnloadBody);
    await ctx.state.services.ollama.unload(model);
    return Response.json({ unloaded: model });
  },
});
