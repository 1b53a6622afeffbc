import { requireProfile } from "../../../lib/auth/mod.ts";
import { listQuery } from "../../../lib/events/schemas.ts";
import { listEvents } from "../../../lib/events/store.ts";
import { readQuery } from "../../../lib/http/validate.ts";
import { define } from "../../../utils.ts";

/** `GET /api/events/list`: the stored events by start, a page at a time (`?limit&after`). */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    const query = readQuery(ctx.url, listQuery);
    return Response.json(await listEvents(ctx.state.services.db.kysely, profile.id, query));
  },
});
