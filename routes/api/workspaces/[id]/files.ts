import { requireProfile } from "../../../../lib/auth/mod.ts";
import { cancelBody } from "../../../../lib/http/body_file.ts";
import { readQuery } from "../../../../lib/http/validate.ts";
import { downloadFile, fileQuery } from "../../../../lib/workspace/http.ts";
import { openWorkspace } from "../../../../lib/workspace/workspace.ts";
import { define } from "../../../../utils.ts";

/**
 * A file of a conversation's workspace, named by `?path=` (relative to the workspace).
 * `GET` downloads it (an attachment; `inline=1` shows a text file as text/plain).
 * `PUT` stores the raw body as the file (100 MB at most, streamed, within the quota; replaces
 * a file there) → the TreeEntry. `DELETE` removes a file, or a folder with what it holds.
 */
export const handler = define.handlers({
  GET(ctx) {
    const profile = requireProfile(ctx);
    return downloadFile(ctx.state.services, profile.id, ctx.params.id, {
      url: ctx.url,
      method: ctx.req.method,
    });
  },
  async PUT(ctx) {
    const profile = requireProfile(ctx);
    try {
      const ws = await openWorkspace(ctx.state.services, profile.id, ctx.params.id);
      const q = readQuery(ctx.url, fileQuery);
      return Response.json(await ws.receive(q.path, ctx.req));
    } catch (err) {
      cancelBody(ctx.req);
      throw err;
    }
  },
  async DELETE(ctx) {
    const profile = requireProfile(ctx);
    const ws = await openWorkspace(ctx.state.services, profile.id, ctx.params.id);
    const q = readQuery(ctx.url, fileQuery);
    await ws.remove(q.path, { recursive: true });
    return new Response(null, { status: 204 });
  },
});
