import { requireProfile } from "../../../../../lib/auth/mod.ts";
import { readJson } from "../../../../../lib/http/validate.ts";
import { updateItemSchema } from "../../../../../lib/lists/schemas.ts";
import { deleteItem, updateItem } from "../../../../../lib/lists/store.ts";
import { define } from "../../../../../utils.ts";

/** One item: edit its text, tick or untick it, delete it (anyone the list is open to). */
export const handler = define.handlers({
  async PATCH(ctx) {
    const profile = requireProfile(ctx);
    const body = await readJson(ctx.req, updateItemSchema, { limit: 16 * 1024 });
    const { db, listFeeds } = ctx.state.services;
    const deps = { db: db.kysely, feeds: listFeeds };
    return Response.json(
      await updateItem(deps, profile.id, ctx.params.id, ctx.params.itemId, body),
    );
  },
  async DELETE(ctx) {
    const profile = requireProfile(ctx);
    const { db, listFeeds } = ctx.state.services;
    const deps = { db: db.kysely, feeds: listFeeds };
    await deleteItem(deps, profile.id, ctx.params.id, ctx.params.itemId);
    return new Response(null, { status: 204 });
  },
});
