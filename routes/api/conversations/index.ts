import { requireProfile } from "../../../lib/auth/mod.ts";
import { createConversationSchema, listQuery } from "../../../lib/chat/schemas.ts";
import { createConversation, listConversations } from "../../../lib/chat/store.ts";
import { readJson, readQuery } from "../../../lib/http/validate.ts";
import { define } from "../../../utils.ts";

/** `GET /api/conversations` (newest first, `?before=` cursor, `?q=` filter); `POST` creates one. */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    const query = readQuery(ctx.url, listQuery);
    return Response.json(await listConversations(ctx.state.services.db.kysely, profile.id, query));
  },
  async POST(ctx) {
    const profile = requireProfile(ctx);
    const body = await readJson(ctx.req, createConversationSchema);
    const conversation = await createConversation(ctx.state.services.db.kysely, profile.id, body);
    return Response.json(conversation, { status: 201 });
  },
});
