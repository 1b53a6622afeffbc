import { requireProfile } from "../../../../../lib/auth/mod.ts";
import { localizeDocument } from "../../../../../lib/documents/errors.ts";
import { hasMessage } from "../../../../../lib/i18n/mod.ts";
import { conversationDocuments } from "../../../../../lib/documents/conversation_documents.ts";
import { define } from "../../../../../utils.ts";

/** `GET /api/conversations/{id}/documents` → `{documents}`: the ones the conversation uses. */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    const { services } = ctx.state;
    const documents = await conversationDocuments(
      services.db,
      profile.id,
      ctx.params.id,
      services.ingest.taskOf,
    );
    return Response.json({
      documents: documents.map((d) => localizeDocument(d, ctx.state.t, hasMessage)),
    });
  },
});
