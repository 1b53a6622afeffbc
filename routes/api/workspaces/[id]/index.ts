import { requireProfile } from "../../../../lib/auth/mod.ts";
import { workspaceView } from "../../../../lib/workspace/http.ts";
import { openWorkspace } from "../../../../lib/workspace/workspace.ts";
import { define } from "../../../../utils.ts";

/** `GET /api/workspaces/{conversation id}` → WorkspaceView: the tree (bounded) and the sizes. */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    const ws = await openWorkspace(ctx.state.services, profile.id, ctx.params.id);
    return Response.json(await workspaceView(ws));
  },
});
