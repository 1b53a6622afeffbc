import { SMALL_JSON_LIMIT } from "../../../../../lib/http/body.ts";
import {
  deleteProfile,
  deviceCookie,
  deviceIdFor,
  profilePatch,
  updateProfile,
} from "../../../../../lib/auth/mod.ts";
import type { ProfileSaved } from "../../../../../lib/auth/types.ts";
import { readJson } from "../../../../../lib/http/validate.ts";
import { deleteWorkspace, profileWorkspaceIds } from "../../../../../lib/workspace/workspace.ts";
import { define } from "../../../../../utils.ts";

/**
 * `PATCH /api/admin/profiles/{id}`: `{name?, avatar?, pin?, timeZone?}` (`pin: null` removes
 * it). A new or removed PIN signs out the profile's devices but this one (`signedOut` says how
 * many).
 * `DELETE /api/admin/profiles/{id}`: deletes a member with its devices and data; never the admin.
 */
export const handler = define.handlers({
  async PATCH(ctx) {
    const { db, now } = ctx.state.services;
    const patch = await readJson(ctx.req, profilePatch, { limit: SMALL_JSON_LIMIT });
    const { profile, signedOut } = await updateProfile(db, ctx.params.id, patch, {
      now: new Date(now()),
      keepDevice: await deviceIdFor(db, deviceCookie(ctx.req)),
    });
    return Response.json({ profile, signedOut } satisfies ProfileSaved);
  },
  async DELETE(ctx) {
    const { db, paths } = ctx.state.services;
    const workspaces = await profileWorkspaceIds(db, ctx.params.id);
    await deleteProfile(db, ctx.params.id);
    // The rows went with the profile; the workspaces' folders go now.
    for (const id of workspaces) await deleteWorkspace(paths, id);
    return Response.json({ deleted: ctx.params.id });
  },
});
