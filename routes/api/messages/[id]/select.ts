import { requireProfile } from "../../../../lib/auth/mod.ts";
import { messagesQuery } from "../../../../lib/chat/schemas.ts";
import { listMessages, selectMessage } from "../../../../lib/chat/store.ts";
import { readQuery } from "../../../../lib/http/validate.ts";
import { define } from "../../../../utils.ts";

/**
 * `POST /api/messages/{id}/select`: the branch through this message becomes the active path (to
 * the newest leaf below it, following the most recently written reply at each step). Answers the
 * path's newest page (`?limit=`, default 100), as `GET /api/conversations/{id}/messages` does.
 */
export const handler = define.handlers({
  async POST(ctx) {
    const profile = requireProfile(ctx);
    const { limit } = readQuery(ctx.url, messagesQuery.pick({ limit: true }));
    const db = ctx.state.services.db.kysely;
    const conversationId = await selectMessage(db, profile.id, ctx.params.id);
    return Response.json(await listMessages(db, profile.id, conversationId, { limit }));
  },
});
