import { profileRow } from "../../../../../../lib/auth/mod.ts";

import { readJson } from "../../../../../../lib/http/validate.ts";
import { limitOptions } from "../../../../../../lib/limits/options.ts";
import { clearLimits, limitsView, setLimits } from "../../../../../../lib/limits/store.ts";
import { limitsSchema } from "../../../../../../lib/limits/types.ts";
import { define } from "../../../../../../utils.ts";

/** Five hundred names of each kind fit. */
const LIMITS_JSON_LIMIT = 512 * 1000;

/**
 * A member profile's limits (SPEC §3). `GET /api/admin/profiles/{id}/limits` answers
 * `{limits, usage, options}` (`limits: null`: not limited; `usage`: today's replies in the
 * profile's zone; `options`: what the editor offers to tick, lib/limits/options.ts).
 * `PUT` `{models?, tools?, gems?, documents?, quietStart?, quietEnd?, dailyReplies?}` (each null
 * or absent: no limit of that kind) makes the profile limited; the admin's own profile cannot be
 * (422 `limit_admin`). `DELETE` lifts the limits. 404 `profile_not_found`.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const { db, now, ai } = ctx.state.services;
    await profileRow(db, ctx.params.id);
    return Response.json({
      ...await limitsView(db.kysely, ctx.params.id, new Date(now())),
      options: await limitOptions(db.kysely, ai, ctx.params.id, ctx.state.locale),
    });
  },
  async PUT(ctx) {
    const { db, now } = ctx.state.services;
    const limits = await readJson(ctx.req, limitsSchema, { limit: LIMITS_JSON_LIMIT });
    const row = await profileRow(db, ctx.params.id);
    await setLimits(db.kysely, row.id, row.is_admin === 1, limits, new Date(now()));
    return Response.json(await limitsView(db.kysely, row.id, new Date(now())));
  },
  async DELETE(ctx) {
    const { db, now } = ctx.state.services;
    await profileRow(db, ctx.params.id);
    await clearLimits(db.kysely, ctx.params.id);
    return Response.json(await limitsView(db.kysely, ctx.params.id, new Date(now())));
  },
});
