import { gemInput } from "../../../../../lib/gems/schemas.ts";
import { createGem, listGems } from "../../../../../lib/gems/store.ts";
import { readJson } from "../../../../../lib/http/validate.ts";
import { define } from "../../../../../utils.ts";

const GEM_LIMIT = 256 * 1000;

/**
 * `GET /api/admin/gems` → `{gems}`; `POST` a gem (name, icon, description, instructions with
 * `{{field}}` placeholders, fields, model, parameters, outputSchema, tools, documents) → 201.
 * A field described but unused, an unknown field type, a select without options, an output
 * schema Hearth cannot check or an unknown tool is a 422 naming it.
 */
export const handler = define.handlers({
  async GET(ctx) {
    return Response.json({ gems: await listGems(ctx.state.services.db.kysely, ctx.state.locale) });
  },
  async POST(ctx) {
    const input = await readJson(ctx.req, gemInput, { limit: GEM_LIMIT });
    const gem = await createGem(ctx.state.services.db.kysely, input, ctx.state.locale);
    return Response.json(gem, { status: 201 });
  },
});
