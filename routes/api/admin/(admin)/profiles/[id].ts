import { deleteProfile, profilePatch, updateProfile } from "../../../../../lib/auth/mod.ts";
import type { ProfileSaved } from "../../../../../lib/auth/types.ts";
import { readJson } from "../../../../../lib/http/validate.ts";
import { define } from "../../../../../utils.ts";

/**
 * `PATCH /api/profiles/{id}`: `{name?, avatar?, pin?}` (`pin: null` removes it).
 * `DELETE /api/profiles/{id}`: deletes a member with its devices and data; never the admin.
 */
export const handler = define.handlers({
  async PATCH(ctx) {
    const patch = await readJson(ctx.req, profilePatch);
    const profile = await updateProfile(ctx.state.services.db, ctx.params.id, patch);
    return Response.json({ profile } satisfies ProfileSaved);
  },
  async DELETE(ctx) {
    await deleteProfile(ctx.state.services.db, ctx.params.id);
    return Response.json({ deleted: ctx.params.id });
  },
});
