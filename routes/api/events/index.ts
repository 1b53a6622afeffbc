import { requireProfile } from "../../../lib/auth/mod.ts";
import { createEventSchema, EVENT_BODY_LIMIT, windowQuery } from "../../../lib/events/schemas.ts";
import { createEvent, eventsInWindow } from "../../../lib/events/store.ts";
import { readJson, readQuery } from "../../../lib/http/validate.ts";
import { define } from "../../../utils.ts";

/**
 * `GET /api/events?from&to`: the occurrences in a window (at most 400 days, 5,000 occurrences),
 * recurrences expanded; `POST` creates an event.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    const window = readQuery(ctx.url, windowQuery);
    return Response.json({
      items: await eventsInWindow(ctx.state.services.db.kysely, profile.id, window),
    });
  },
  async POST(ctx) {
    const profile = requireProfile(ctx);
    const body = await readJson(ctx.req, createEventSchema, { limit: EVENT_BODY_LIMIT });
    const event = await createEvent(ctx.state.services.db.kysely, profile.id, body);
    return Response.json(event, { status: 201 });
  },
});
