import { openWorkspace } from "../../lib/workspace/workspace.ts";
import { PREVIEW_HEADERS, previewType, readPreviewToken } from "../../lib/workspace/preview.ts";
import { define } from "../../utils.ts";

/**
 * `GET /preview/{token}`: the file a preview link names, served by the token alone (cookies play
 * no part), sandboxed by its CSP (lib/workspace/preview.ts); 404 `preview_not_found` for a
 * wrong or expired token.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const { services } = ctx.state;
    const claim = readPreviewToken(ctx.params.token, services.now());
    const ws = await openWorkspace(services, claim.profileId, claim.conversationId);
    const { file, entry } = await ws.openFile(claim.path);
    const headers = new Headers({
      ...PREVIEW_HEADERS,
      "content-type": previewType(entry.path),
      "content-length": String(entry.size),
    });
    if (ctx.req.method === "HEAD") {
      file.close();
      return new Response(null, { headers });
    }
    return new Response(file.readable, { headers });
  },
});
