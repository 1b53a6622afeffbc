import { z } from "zod";
import { requireProfile, updateProfile } from "../../lib/auth/mod.ts";
import { timeZoneSchema } from "../../lib/dates/zones.ts";
import { SMALL_JSON_LIMIT } from "../../lib/http/body.ts";
import { readJson } from "../../lib/http/validate.ts";
import { limitsView } from "../../lib/limits/store.ts";
import { define } from "../../utils.ts";

/** What a profile may change about itself. */
const mePatch = z.object({ timeZone: timeZoneSchema }).strict();

/**
 * `GET /api/me`: the profile this device uses, whether it holds an admin login, and its limits
 * (`limits: {limits, usage}`; `limits.limits` null when it is not limited: lib/limits/store.ts).
 * `PATCH /api/me` `{timeZone}`: the profile changes its own time zone (an IANA name; 422 naming
 * the field otherwise); answers `{profile}`.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    const { db, now } = ctx.state.services;
    const limits = await limitsView(db.kysely, profile.id, new Date(now()));
    return Response.json({ profile, admin: ctx.state.admin, limits }, {
      headers: { "cache-control": "no-store" },
    });
  },
  async PATCH(ctx) {
    const me = requireProfile(ctx);
    const patch = await readJson(ctx.req, mePatch, { limit: SMALL_JSON_LIMIT });
    const { db, now } = ctx.state.services;
    const { profile } = await updateProfile(db, me.id, patch, { now: new Date(now()) });
    return Response.json({ profile }, { headers: { "cache-control": "no-store" } });
  },
});
