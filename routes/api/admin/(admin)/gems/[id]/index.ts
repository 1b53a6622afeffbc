import { gemInput } from "../../../../../../lib/gems/schemas.ts";
import { deleteGem, getGem, updateGem } from "../../../../../../lib/gems/store.ts";
import { readJson } from "../../../../../../lib/http/validate.ts";
import { define } from "../../../../../../utils.ts";

const GEM_LIMIT = 256 * 1000;

/** `GET|PUT|DELETE /api/admin/gems/{id}`: PUT replaces the whole gem (as POST checks it). */
export const handler = define.handlers({
  async GET(ctx) {
    return Response.json(
      await getGem(ctx.state.services.db.kysely, ctx.params.id, ctx.state.locale),
    );
  },
  async PUT(ctx) {
    const input = await readJson(ctx.req, gemInput, { limit: GEM_LIMIT });
    return Response.json(
      await updateGem(ctx.state.services.db.kysely, ctx.params.id, input, ctx.state.locale),
    );
  },
  async DELETE(ctx) {
    await deleteGem(ctx.state.services.db.kysely, ctx.params.id);
    return new Response(null, { status: 204 });
  },
});
