import { requireProfile } from "../../../lib/auth/mod.ts";
import { toIcs } from "../../../lib/events/ics.ts";
import { allEvents } from "../../../lib/events/store.ts";
import { define } from "../../../utils.ts";

/**
 * `GET /api/events/export`: the profile's events as an iCalendar file (RFC 5545), for download
 * or import into another calendar. A phone subscribes to the same file at a private URL of its
 * own (`/ics/{token}.ics`, `lib/ics/feeds.ts`).
 */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    const events = await allEvents(ctx.state.services.db.kysely, profile.id);
    return new Response(toIcs(events, { name: `Hearth: ${profile.name}` }), {
      headers: {
        "content-type": "text/calendar; charset=utf-8",
        "content-disposition": 'attachment; filename="hearth.ics"',
      },
    });
  },
});
