import { z } from "zod";
import { readJson } from "../../../lib/http/validate.ts";
import { define } from "../../../lib/web/define.ts";
import { modelName } from "./_shared.ts";

/** Admin only. */
export const config = { admin: true };

const UnloadBody = z.strictObject({ model: modelName });

/** `POST /api/ollama/unload {model}`: frees the memory a loaded model holds, wherever it runs. */
export const handler = define.handlers({
  async POST(ctx) {
    const { model } = await readJson(ctx.hono, UnloadBody);
    await ctx.state.services.ollama.unload(model);
    return Response.json({ unloaded: model });
  },
});
