import { requireProfile } from "../../../../lib/auth/mod.ts";
import { editMessageSchema } from "../../../../lib/chat/schemas.ts";
import { deleteMessage, getMessage, updateMessage } from "../../../../lib/chat/store.ts";
import { readJson } from "../../../../lib/http/validate.ts";
import { define } from "../../../../utils.ts";

/** One message: read, edit its text in place, or delete it. */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    return Response.json(await getMessage(ctx.state.services.db.kysely, profile.id, ctx.params.id));
  },
  async PATCH(ctx) {
    const profile = requireProfile(ctx);
    const { content } = await readJson(ctx.req, editMessageSchema);
    return Response.json(
      await updateMessage(ctx.state.services.db.kysely, profile.id, ctx.params.id, { content }),
    );
  },
  async DELETE(ctx) {
    const profile = requireProfile(ctx);
    await deleteMessage(ctx.state.services.db.kysely, profile.id, ctx.params.id);
    return new Response(null, { status: 204 });
  },
});
