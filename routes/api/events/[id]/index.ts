import { requireProfile } from "../../../../lib/auth/mod.ts";
import { EVENT_BODY_LIMIT, updateEventSchema } from "../../../../lib/events/schemas.ts";
import { deleteEvent, getEvent, updateEvent } from "../../../../lib/events/store.ts";
import { readJson } from "../../../../lib/http/validate.ts";
import { define } from "../../../../utils.ts";

/** One event: read, change (checked as a whole), delete (the whole series). */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    return Response.json(
      await getEvent(ctx.state.services.db.kysely, profile.id, ctx.params.id),
    );
  },
  async PATCH(ctx) {
    const profile = requireProfile(ctx);
    const body = await readJson(ctx.req, updateEventSchema, { limit: EVENT_BODY_LIMIT });
    return Response.json(
      await updateEvent(ctx.state.services.db.kysely, profile.id, ctx.params.id, body),
    );
  },
  async DELETE(ctx) {
    const profile = requireProfile(ctx);
    await deleteEvent(ctx.state.services.db.kysely, profile.id, ctx.params.id);
    return new Response(null, { status: 204 });
  },
});
