import { requireProfile } from "../../../lib/auth/mod.ts";
import { listGems } from "../../../lib/gems/store.ts";
import { define } from "../../../utils.ts";

/** `GET /api/gems`: every gem (the household's), `{gems}`, in the request's language. */
export const handler = define.handlers({
  async GET(ctx) {
    requireProfile(ctx);
    return Response.json({ gems: await listGems(ctx.state.services.db.kysely, ctx.state.locale) });
  },
});
