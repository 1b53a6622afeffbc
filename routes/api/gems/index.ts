import { requireProfile } from "../../../lib/auth/mod.ts";
import { listGems } from "../../../lib/gems/store.ts";
import { limitGems } from "../../../lib/limits/use.ts";
import { define } from "../../../utils.ts";

/**
 * `GET /api/gems`: every gem (the household's), `{gems}`, in the request's language; a limited
 * profile sees only those it may run.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    const { db } = ctx.state.services;
    const gems = await limitGems(
      db.kysely,
      profile.id,
      await listGems(db.kysely, ctx.state.locale),
    );
    return Response.json({ gems });
  },
});
