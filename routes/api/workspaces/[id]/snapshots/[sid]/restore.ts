import { requireProfile } from "../../../../../../lib/auth/mod.ts";
import { workspaceTarget } from "../../../../../../lib/workspace/archive.ts";
import { restoreSnapshot } from "../../../../../../lib/workspace/snapshots.ts";
import { define } from "../../../../../../utils.ts";

/**
 * `POST /api/workspaces/{conversation id}/snapshots/{snapshot id}/restore`: makes the files equal
 * to the snapshot, after a `restore` snapshot of them as they are; answers `RestoreResult`.
 */
export const handler = define.handlers({
  async POST(ctx) {
    const profile = requireProfile(ctx);
    const target = await workspaceTarget(ctx.state.services, profile.id, ctx.params.id);
    return Response.json(await restoreSnapshot(target, ctx.params.sid));
  },
});
