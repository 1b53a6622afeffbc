import { requireProfile } from "../../../../lib/auth/mod.ts";
import { markRead } from "../../../../lib/notifications/store.ts";
import { define } from "../../../../utils.ts";

/** `POST /api/notifications/{id}/read`: marks one of the profile's notifications read. */
export const handler = define.handlers({
  async POST(ctx) {
    const profile = requireProfile(ctx);
    const { db, now } = ctx.state.services;
    return Response.json(
      await markRead(db.kysely, profile, ctx.params.id, ctx.state.locale, now()),
    );
  },
});
