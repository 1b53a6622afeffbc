import { requireProfile } from "../../../../lib/auth/mod.ts";
import { receiveZip, workspaceTarget, zipDownload } from "../../../../lib/workspace/archive.ts";
import { define } from "../../../../utils.ts";

/**
 * `POST /api/workspaces/{conversation id}/zip`: the workspace as a zip attachment, streamed;
 * `PUT` with the zip as the raw body (≤ 100 MB): a `zip` snapshot, then the zip unpacked into
 * the workspace (refused whole when unsafe), answers `{ files, bytes, snapshot }`.
 */
export const handler = define.handlers({
  async POST(ctx) {
    const profile = requireProfile(ctx);
    return await zipDownload(ctx.state.services, profile.id, ctx.params.id);
  },
  async PUT(ctx) {
    const profile = requireProfile(ctx);
    const target = await workspaceTarget(ctx.state.services, profile.id, ctx.params.id);
    return Response.json(await receiveZip(target, ctx.req));
  },
});
