import { requireProfile } from "../../../lib/auth/mod.ts";
import { readJson } from "../../../lib/http/validate.ts";
import { briefingSchema } from "../../../lib/notifications/schemas.ts";
import type { BriefingSetting } from "../../../lib/notifications/types.ts";
import { briefingSetting, setBriefingTime } from "../../../lib/scheduler/briefing.ts";
import { define } from "../../../utils.ts";

/**
 * `GET`/`PUT /api/notifications/briefing` `{time}`: the asking profile's daily briefing, a local
 * time like `07:30` in its time zone, or null for none. `PUT` also keeps the request's language,
 * which the briefing is written in.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    const setting = await briefingSetting(ctx.state.services.db.kysely, profile.id);
    return Response.json({ time: setting?.time ?? null } satisfies BriefingSetting);
  },
  async PUT(ctx) {
    const profile = requireProfile(ctx);
    const { time } = await readJson(ctx.req, briefingSchema, { limit: 1024 });
    const { db, now } = ctx.state.services;
    await setBriefingTime(db.kysely, profile.id, time, ctx.state.locale, now());
    return Response.json({ time } satisfies BriefingSetting);
  },
});
