import { requireProfile } from "../../../../lib/auth/mod.ts";
import { readJson } from "../../../../lib/http/validate.ts";
import { updateListSchema } from "../../../../lib/lists/schemas.ts";
import { deleteList, getList, updateList } from "../../../../lib/lists/store.ts";
import { define } from "../../../../utils.ts";

/** One list with its items (anyone it is open to); rename/share/unshare and delete: its owner. */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    return Response.json(await getList(ctx.state.services.db.kysely, profile.id, ctx.params.id));
  },
  async PATCH(ctx) {
    const profile = requireProfile(ctx);
    const body = await readJson(ctx.req, updateListSchema, { limit: 16 * 1024 });
    const { db, listFeeds } = ctx.state.services;
    return Response.json(
      await updateList({ db: db.kysely, feeds: listFeeds }, profile.id, ctx.params.id, body),
    );
  },
  async DELETE(ctx) {
    const profile = requireProfile(ctx);
    const { db, listFeeds } = ctx.state.services;
    await deleteList({ db: db.kysely, feeds: listFeeds }, profile.id, ctx.params.id);
    return new Response(null, { status: 204 });
  },
});
