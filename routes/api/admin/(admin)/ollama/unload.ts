import { z } from "zod";
import { SMALL_JSON_LIMIT } from "../../../../../lib/http/body.ts";
import { readJson } from "../../../../../lib/http/validate.ts";
import { modelName } from "../../../../../lib/ollama/mod.ts";
import { define } from "../../../../../utils.ts";

const UnloadBody = z.strictObject({ model: modelName });

/**
 * `POST /api/admin/ollama/unload {model}`: frees the memory a loaded model holds, wherever it
 * runs, and answers once `/api/ps` no longer lists it (`unloaded: true`), or after 10 s with
 * `unloaded: false` and the hosts where a request still uses it (Ollama unloads it when that
 * request ends).
 */
export const handler = define.handlers({
  async POST(ctx) {
    const { model } = await readJson(ctx.req, UnloadBody, { limit: SMALL_JSON_LIMIT });
    return Response.json(await ctx.state.services.ollama.unload(model));
  },
});
