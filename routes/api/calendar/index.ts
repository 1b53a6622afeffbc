import { z } from "zod";
import { requireProfile } from "../../../lib/auth/mod.ts";
import { calendarData } from "../../../lib/calendar/page.ts";
import { readQuery } from "../../../lib/http/validate.ts";
import { define } from "../../../utils.ts";

const query = z.object({
  view: z.string().max(20).optional(),
  date: z.string().max(20).optional(),
  day: z.string().max(20).optional(),
  event: z.string().max(100).optional(),
});

/**
 * `GET /api/calendar?view&date&day&event`: what the Calendar page shows (`CalendarData`), so
 * its island can show a change without a reload.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    const { db, now } = ctx.state.services;
    return Response.json(
      await calendarData(db.kysely, profile.id, profile.timeZone, readQuery(ctx.url, query), now()),
    );
  },
});
