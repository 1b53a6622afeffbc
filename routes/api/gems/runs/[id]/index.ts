import { requireProfile } from "../../../../../lib/auth/mod.ts";
import { getRun } from "../../../../../lib/gems/store.ts";
import { define } from "../../../../../utils.ts";

/** `GET /api/gems/runs/{id}`: one of the profile's runs (another's answers 404). */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    return Response.json(await getRun(ctx.state.services.db.kysely, profile.id, ctx.params.id));
  },
});
