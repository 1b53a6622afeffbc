import { z } from "zod";
import { requireProfile } from "../../../../lib/auth/mod.ts";
import { exportFileName, toJson, toMarkdown } from "../../../../lib/chat/export.ts";
import { allMessages, getConversation, listMessages } from "../../../../lib/chat/store.ts";
import { readQuery } from "../../../../lib/http/validate.ts";
import { define } from "../../../../utils.ts";

const query = z.object({ format: z.enum(["md", "json"]).default("md") });

/**
 * `GET /api/conversations/{id}/export?format=md|json`: the conversation as a file (Markdown: the
 * active path; JSON `hearth.conversation.v2`: every branch).
 */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    const { format } = readQuery(ctx.url, query);
    const db = ctx.state.services.db.kysely;
    const conversation = await getConversation(db, profile.id, ctx.params.id);
    // Markdown reads the active path; JSON keeps every branch.
    const body = format === "md"
      ? toMarkdown(
        conversation,
        (await listMessages(db, profile.id, conversation.id, { limit: 1_000_000 })).items,
      )
      : toJson(conversation, await allMessages(db, profile.id, conversation.id, 1_000_000));
    return new Response(body, {
      headers: {
        "content-type": format === "md"
          ? "text/markdown; charset=utf-8"
          : "application/json; charset=utf-8",
        "content-disposition": `attachment; filename="${exportFileName(conversation, format)}"`,
      },
    });
  },
});
