import { requireProfile } from "../../../lib/auth/mod.ts";
import { readQuery } from "../../../lib/http/validate.ts";
import { fileQuery, fileResponse } from "../../../lib/workspace/http.ts";
import { openWorkspace } from "../../../lib/workspace/workspace.ts";
import { define } from "../../../utils.ts";

/**
 * `GET /chat/{id}/files?path=`: a workspace file's download for a plain link (the device cookie
 * names the profile; `/api` would need the session header a link cannot send). The same checks
 * and headers as `GET /api/workspaces/{id}/files`.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    const ws = await openWorkspace(ctx.state.services, profile.id, ctx.params.id);
    const q = readQuery(ctx.url, fileQuery);
    return await fileResponse(ws, q.path, {
      inline: q.inline === "1",
      head: ctx.req.method === "HEAD",
    });
  },
});
