import { z } from "zod";
import { SMALL_JSON_LIMIT } from "../../../lib/http/body.ts";
import { readJson } from "../../../lib/http/validate.ts";
import { chooseSetupModel } from "../../../lib/setup/mod.ts";
import { modelName } from "../../../lib/ollama/mod.ts";
import { define } from "../../../utils.ts";

const ModelBody = z.strictObject({ model: modelName });

/**
 * `POST /api/setup/model {model}`: chooses a model Ollama already has, without downloading it.
 * 409 `setup_model_missing` when it is not there.
 */
export const handler = define.handlers({
  async POST(ctx) {
    const { model } = await readJson(ctx.req, ModelBody, { limit: SMALL_JSON_LIMIT });
    await chooseSetupModel(ctx.state.services, model);
    return Response.json({ model });
  },
});
