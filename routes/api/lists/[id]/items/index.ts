import { requireProfile } from "../../../../../lib/auth/mod.ts";
import { readJson } from "../../../../../lib/http/validate.ts";
import { addItemsSchema } from "../../../../../lib/lists/schemas.ts";
import { addItems } from "../../../../../lib/lists/store.ts";
import { define } from "../../../../../utils.ts";

/** `POST`: adds one item (`{text}`) or many (`{items: [{text}]}`) at the end of the list. */
export const handler = define.handlers({
  async POST(ctx) {
    const profile = requireProfile(ctx);
    const texts = await readJson(ctx.req, addItemsSchema, { limit: 8 * 1024 * 1024 });
    const { db, listFeeds } = ctx.state.services;
    const items = await addItems(
      { db: db.kysely, feeds: listFeeds },
      profile.id,
      ctx.params.id,
      texts,
    );
    return Response.json({ items }, { status: 201 });
  },
});
