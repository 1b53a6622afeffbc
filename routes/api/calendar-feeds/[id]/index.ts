import { requireProfile } from "../../../../lib/auth/mod.ts";
import { revokeFeed } from "../../../../lib/ics/feeds.ts";
import { define } from "../../../../utils.ts";

/** `DELETE /api/calendar-feeds/{id}`: revokes a subscription URL (it answers 404 from now on). */
export const handler = define.handlers({
  async DELETE(ctx) {
    const profile = requireProfile(ctx);
    await revokeFeed(ctx.state.services.db, profile.id, ctx.params.id);
    return new Response(null, { status: 204 });
  },
});
