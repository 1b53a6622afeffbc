import { requireProfile } from "../../../lib/auth/mod.ts";
import { readJson } from "../../../lib/http/validate.ts";
import { createListSchema } from "../../../lib/lists/schemas.ts";
import { createList, listLists } from "../../../lib/lists/store.ts";
import { define } from "../../../utils.ts";

/** `GET /api/lists`: the profile's lists and the household's shared ones; `POST` makes one. */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    return Response.json({ items: await listLists(ctx.state.services.db.kysely, profile.id) });
  },
  async POST(ctx) {
    const profile = requireProfile(ctx);
    const body = await readJson(ctx.req, createListSchema, { limit: 16 * 1024 });
    const list = await createList(ctx.state.services.db.kysely, profile.id, body);
    return Response.json(list, { status: 201 });
  },
});
