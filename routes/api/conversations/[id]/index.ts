import { requireProfile } from "../../../../lib/auth/mod.ts";
import { updateConversationSchema } from "../../../../lib/chat/schemas.ts";
import {
  deleteConversation,
  getConversation,
  updateConversation,
} from "../../../../lib/chat/store.ts";
import { readJson } from "../../../../lib/http/validate.ts";
import { profileOwner } from "../../../../lib/tasks/owner.ts";
import { deleteWorkspace } from "../../../../lib/workspace/workspace.ts";
import { define } from "../../../../utils.ts";

/** One conversation: read, rename (or change model / system prompt), delete with its messages. */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    return Response.json(
      await getConversation(ctx.state.services.db.kysely, profile.id, ctx.params.id),
    );
  },
  async PATCH(ctx) {
    const profile = requireProfile(ctx);
    const body = await readJson(ctx.req, updateConversationSchema);
    return Response.json(
      await updateConversation(ctx.state.services.db.kysely, profile.id, ctx.params.id, body),
    );
  },
  async DELETE(ctx) {
    const profile = requireProfile(ctx);
    const { services } = ctx.state;
    // A reply still streaming into it is stopped first, so nothing writes into a deleted chat.
    for (const task of services.tasks.list(profileOwner(profile.id), "chat")) {
      if (task.running && task.meta.conversationId === ctx.params.id) task.cancel();
    }
    await deleteConversation(services.db.kysely, profile.id, ctx.params.id);
    // Its workspace's row went with it; its files and snapshots go now.
    await deleteWorkspace(services.paths, ctx.params.id);
    return new Response(null, { status: 204 });
  },
});
