import { listProfiles } from "../../../lib/auth/mod.ts";
import { define } from "../../../utils.ts";

/**
 * `GET /api/profiles`: every profile for the picker (id, name, avatar, hasPin, isAdmin), and
 * which one this device uses. Public: it is what a new device shows first. The admin adds
 * members at `POST /api/admin/profiles`.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const profiles = await listProfiles(ctx.state.services.db);
    return Response.json({ profiles, current: ctx.state.profile?.id ?? null });
  },
});
