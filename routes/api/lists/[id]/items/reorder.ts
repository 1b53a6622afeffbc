import { requireProfile } from "../../../../../lib/auth/mod.ts";
import { readJson } from "../../../../../lib/http/validate.ts";
import { reorderSchema } from "../../../../../lib/lists/schemas.ts";
import { reorderItems } from "../../../../../lib/lists/store.ts";
import { define } from "../../../../../utils.ts";

/** `POST {ids}`: every item of the list, in its new order. */
export const handler = define.handlers({
  async POST(ctx) {
    const profile = requireProfile(ctx);
    const { ids } = await readJson(ctx.req, reorderSchema, { limit: 256 * 1024 });
    const { db, listFeeds } = ctx.state.services;
    const deps = { db: db.kysely, feeds: listFeeds };
    return Response.json({ items: await reorderItems(deps, profile.id, ctx.params.id, ids) });
  },
});
