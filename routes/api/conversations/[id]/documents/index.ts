import { requireProfile } from "../../../../../lib/auth/mod.ts";
import { ingestOf } from "../../../../../lib/documents/ingest_hooks.ts";
import { conversationDocuments } from "../../../../../lib/documents/store.ts";
import { define } from "../../../../../utils.ts";

/** `GET /api/conversations/{id}/documents` → `{documents}`: the ones the conversation uses. */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    const { services } = ctx.state;
    return Response.json({
      documents: await conversationDocuments(
        services.db,
        profile.id,
        ctx.params.id,
        ingestOf(services).taskOf,
      ),
    });
  },
});
