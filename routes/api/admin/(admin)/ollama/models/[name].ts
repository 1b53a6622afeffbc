import { parseWith } from "../../../../../../lib/http/validate.ts";
import { modelName } from "../../../../../../lib/ollama/mod.ts";
import { define } from "../../../../../../utils.ts";

/**
 * `GET /api/admin/ollama/models/{name}`: details, context length, parameters, template and system
 * prompt of a model. `DELETE`: removes it from the host that has it. Names with `/` are sent
 * URL-encoded (`library%2Fqwen2.5%3A7b`).
 */
export const handler = define.handlers({
  async GET(ctx) {
    const name = parseWith(modelName, ctx.params.name, "name");
    const details = await ctx.state.services.ollama.show(name);
    return Response.json(details, { headers: { "cache-control": "no-store" } });
  },
  async DELETE(ctx) {
    const name = parseWith(modelName, ctx.params.name, "name");
    await ctx.state.services.ollama.delete(name);
    return Response.json({ deleted: name });
  },
});
