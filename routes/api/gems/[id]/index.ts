import { requireProfile } from "../../../../lib/auth/mod.ts";
import { getGem } from "../../../../lib/gems/store.ts";
import { checkUse } from "../../../../lib/limits/check.ts";
import { define } from "../../../../utils.ts";

/**
 * `GET /api/gems/{id}`: one gem with its form (`fields`); 404 `gem_not_found`; 403 `limit_gem`
 * for a limited profile that may not run it.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    const { db } = ctx.state.services;
    const gem = await getGem(db.kysely, ctx.params.id, ctx.state.locale);
    await checkUse(db.kysely, profile.id, "gems", gem.id, gem.name);
    return Response.json(gem);
  },
});
