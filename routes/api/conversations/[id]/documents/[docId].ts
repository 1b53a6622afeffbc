import { requireProfile } from "../../../../../lib/auth/mod.ts";
import {
  attachDocument,
  detachDocument,
} from "../../../../../lib/documents/conversation_documents.ts";
import { define } from "../../../../../utils.ts";

/**
 * `PUT /api/conversations/{id}/documents/{docId}` → 204: the conversation (the profile's own)
 * uses a document the profile may read ("use this document"); `DELETE` → 204 stops using it.
 */
export const handler = define.handlers({
  async PUT(ctx) {
    const profile = requireProfile(ctx);
    await attachDocument(ctx.state.services.db, profile.id, ctx.params.id, ctx.params.docId);
    return new Response(null, { status: 204 });
  },
  async DELETE(ctx) {
    const profile = requireProfile(ctx);
    await detachDocument(ctx.state.services.db, profile.id, ctx.params.id, ctx.params.docId);
    return new Response(null, { status: 204 });
  },
});
