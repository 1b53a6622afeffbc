import { requireProfile } from "../../../../lib/auth/mod.ts";
import { requeueDocument } from "../../../../lib/documents/ingest/store.ts";
import { localizeDocument } from "../../../../lib/documents/errors.ts";
import { getDocument } from "../../../../lib/documents/store.ts";
import { hasMessage } from "../../../../lib/i18n/mod.ts";
import { define } from "../../../../utils.ts";

/**
 * `POST /api/documents/{id}/ingest`: the owner reads a failed or cancelled document again. 404
 * `document_not_found` for anyone else's (as for a missing one), 409 `document_not_retryable`
 * while it is under way or ready. Answers the document (`DocumentInfo`): follow
 * `/api/tasks/{taskId}/stream` for its progress.
 */
export const handler = define.handlers({
  async POST(ctx) {
    const profile = requireProfile(ctx);
    const { db, ingest } = ctx.state.services;
    const id = ctx.params.id;
    await requeueDocument(db, profile.id, id);
    ingest.enqueue(id);
    const doc = await getDocument(db, profile.id, id, ingest.taskOf);
    return Response.json(localizeDocument(doc, ctx.state.t, hasMessage));
  },
});
