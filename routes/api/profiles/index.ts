import { createMember, listProfiles, memberInput, requireAdmin } from "../../../lib/auth/mod.ts";
import { readJson } from "../../../lib/http/validate.ts";
import { define } from "../../../lib/web/define.ts";

/**
 * `GET /api/profiles`: every profile for the picker (id, name, avatar, hasPin, isAdmin), and
 * which one this device uses. Public: it is what a new device shows first.
 * `POST /api/profiles` (admin): adds a member `{name, avatar, pin?}`.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const profiles = await listProfiles(ctx.state.services.db);
    return Response.json({ profiles, current: ctx.state.profile?.id ?? null });
  },
  async POST(ctx) {
    requireAdmin(ctx);
    const input = await readJson(ctx.hono, memberInput);
    const profile = await createMember(ctx.state.services.db, input);
    return Response.json({ profile }, { status: 201 });
  },
});
