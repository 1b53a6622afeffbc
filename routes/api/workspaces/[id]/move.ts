import { requireProfile } from "../../../../lib/auth/mod.ts";
import { SMALL_JSON_LIMIT } from "../../../../lib/http/body.ts";
import { readJson } from "../../../../lib/http/validate.ts";
import { moveBody } from "../../../../lib/workspace/http.ts";
import { openWorkspace } from "../../../../lib/workspace/workspace.ts";
import { define } from "../../../../utils.ts";

/** `POST /api/workspaces/{id}/move {from, to}`: moves or renames (never over another) → TreeEntry. */
export const handler = define.handlers({
  async POST(ctx) {
    const profile = requireProfile(ctx);
    const ws = await openWorkspace(ctx.state.services, profile.id, ctx.params.id);
    const body = await readJson(ctx.req, moveBody, { limit: SMALL_JSON_LIMIT });
    return Response.json(await ws.move(body.from, body.to));
  },
});
