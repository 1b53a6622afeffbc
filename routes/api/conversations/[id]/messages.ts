import { requireProfile } from "../../../../lib/auth/mod.ts";
import { messagesQuery } from "../../../../lib/chat/schemas.ts";
import { listMessages } from "../../../../lib/chat/store.ts";
import { readQuery } from "../../../../lib/http/validate.ts";
import { define } from "../../../../utils.ts";

/** `GET /api/conversations/{id}/messages`: the newest page, or older ones with `?before=<seq>`. */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    const query = readQuery(ctx.url, messagesQuery);
    return Response.json(
      await listMessages(ctx.state.services.db.kysely, profile.id, ctx.params.id, query),
    );
  },
});
