import { revokeKey } from "../../../lib/auth/api_keys.ts";
import { requireProfile } from "../../../lib/auth/mod.ts";
import { define } from "../../../utils.ts";

/**
 * `DELETE /api/keys/{id}`: revokes one of the asking profile's keys at once and answers
 * `{ apiKey }` (revoked, still listed); another profile's key is a 404.
 */
export const handler = define.handlers({
  async DELETE(ctx) {
    const profile = requireProfile(ctx);
    const { db, now } = ctx.state.services;
    const apiKey = await revokeKey(db, profile.id, ctx.params.id, new Date(now()));
    return Response.json({ apiKey });
  },
});
