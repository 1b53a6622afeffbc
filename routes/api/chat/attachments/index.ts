import { requireProfile } from "../../../../lib/auth/mod.ts";
import { saveAttachment } from "../../../../lib/chat/attachments.ts";
import { define } from "../../../../utils.ts";

/**
 * `POST /api/chat/attachments`: one photo as the raw body (`Content-Type: image/jpeg`,
 * `image/png` or `image/webp`, at most 8 MB and 8192 px per side), stored unsent until a message
 * names it in `images`. Answers 201 `{id, mime, width, height, size}`.
 */
export const handler = define.handlers({
  async POST(ctx) {
    const profile = requireProfile(ctx);
    const info = await saveAttachment(ctx.state.services.db.kysely, profile.id, ctx.req);
    return Response.json(info, { status: 201 });
  },
});
