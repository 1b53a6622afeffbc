import { requireProfile } from "../../../lib/auth/mod.ts";
import { documentDownload } from "../../../lib/documents/download.ts";
import { define } from "../../../utils.ts";

/**
 * `GET /documents/{id}/download`: the document page's Download link. A link cannot send the
 * session header `/api` needs, so the device cookie names the profile here; the same checks and
 * headers as `GET /api/documents/{id}/download`.
 */
export const handler = define.handlers({
  GET(ctx) {
    const profile = requireProfile(ctx);
    return documentDownload(
      ctx.state.services,
      profile.id,
      ctx.params.id,
      ctx.req.method === "HEAD",
    );
  },
});
