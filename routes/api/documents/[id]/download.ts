import { requireProfile } from "../../../../lib/auth/mod.ts";
import { documentDownload } from "../../../../lib/documents/download.ts";
import { define } from "../../../../utils.ts";

/**
 * `GET /api/documents/{id}/download`: the original as uploaded, streamed from disk, always as an
 * attachment (never shown in the page, never sniffed). A link uses `/documents/{id}/download`.
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
