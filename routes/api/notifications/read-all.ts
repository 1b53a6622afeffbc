import { requireProfile } from "../../../lib/auth/mod.ts";
import { markAllRead } from "../../../lib/notifications/store.ts";
import { define } from "../../../utils.ts";

/** `POST /api/notifications/read-all`: marks all the profile's notifications read. */
export const handler = define.handlers({
  async POST(ctx) {
    const profile = requireProfile(ctx);
    const { db, now } = ctx.state.services;
    return Response.json({ marked: await markAllRead(db.kysely, profile.id, now()), unread: 0 });
  },
});
