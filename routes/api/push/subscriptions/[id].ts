import { requireProfile } from "../../../../lib/auth/mod.ts";
import { define } from "../../../../utils.ts";

/** `DELETE /api/push/subscriptions/{id}`: removes one of the profile's subscribed browsers. */
export const handler = define.handlers({
  async DELETE(ctx) {
    const profile = requireProfile(ctx);
    await ctx.state.services.push.remove(profile.id, ctx.params.id);
    return new Response(null, { status: 204 });
  },
});
