import { requireProfile } from "../../../lib/auth/mod.ts";
import { readJson } from "../../../lib/http/validate.ts";
import { PUSH_BODY_LIMIT } from "../../../lib/push/http.ts";
import { preferencesSchema } from "../../../lib/push/schemas.ts";
import { define } from "../../../utils.ts";

/** `GET /api/push/preferences`: what the profile is notified about; `PUT` changes some kinds. */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    return Response.json(await ctx.state.services.push.preferences(profile.id));
  },
  async PUT(ctx) {
    const profile = requireProfile(ctx);
    const change = await readJson(ctx.req, preferencesSchema, { limit: PUSH_BODY_LIMIT });
    return Response.json(await ctx.state.services.push.setPreferences(profile.id, change));
  },
});
