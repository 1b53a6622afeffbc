import { requireProfile } from "../../../lib/auth/mod.ts";
import { today } from "../../../lib/today/today.ts";
import { define } from "../../../utils.ts";

/**
 * `GET /api/today`: the asking profile's day in its time zone: overdue and due todos, the day's
 * event occurrences, pinned and recent memos, open items of the lists it reads, the briefing.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    const { db, now } = ctx.state.services;
    return Response.json(await today(db.kysely, profile, now()));
  },
});
