import { requireProfile } from "../../../lib/auth/mod.ts";
import { zipDownload } from "../../../lib/workspace/archive.ts";
import { define } from "../../../utils.ts";

/**
 * `GET /chat/{id}/zip`: the conversation's workspace as a zip, for a plain download link (the
 * device cookie says who asks; `/api` would need the session header a link cannot send).
 */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    return await zipDownload(ctx.state.services, profile.id, ctx.params.id);
  },
});
