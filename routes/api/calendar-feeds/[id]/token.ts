import { requireProfile } from "../../../../lib/auth/mod.ts";
import { feedOrigin, regenerateFeed } from "../../../../lib/ics/feeds.ts";
import { define } from "../../../../utils.ts";

/**
 * `POST /api/calendar-feeds/{id}/token`: a new URL for a subscription, answered this once; the
 * old one stops working at once.
 */
export const handler = define.handlers({
  async POST(ctx) {
    const profile = requireProfile(ctx);
    const { db, now } = ctx.state.services;
    return Response.json(
      await regenerateFeed(
        db,
        profile.id,
        ctx.params.id,
        feedOrigin(ctx.url, ctx.state.services.urls),
        now(),
      ),
    );
  },
});
