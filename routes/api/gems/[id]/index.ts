import { requireProfile } from "../../../../lib/auth/mod.ts";
import { getGem } from "../../../../lib/gems/store.ts";
import { define } from "../../../../utils.ts";

/** `GET /api/gems/{id}`: one gem with its form (`fields`); 404 `gem_not_found`. */
export const handler = define.handlers({
  async GET(ctx) {
    requireProfile(ctx);
    const gem = await getGem(ctx.state.services.db.kysely, ctx.params.id, ctx.state.locale);
    return Response.json(gem);
  },
});
