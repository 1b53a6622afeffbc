import { requireProfile } from "../../../../lib/auth/mod.ts";
import { localizeDocument } from "../../../../lib/documents/errors.ts";
import { hasMessage } from "../../../../lib/i18n/mod.ts";
import { updateDocumentSchema } from "../../../../lib/documents/schemas.ts";
import { deleteDocument, getDocument, updateDocument } from "../../../../lib/documents/store.ts";
import { SMALL_JSON_LIMIT } from "../../../../lib/http/body.ts";
import { readJson } from "../../../../lib/http/validate.ts";
import { define } from "../../../../utils.ts";

/**
 * One document (anyone it is open to: its owner, or everyone while shared). `PATCH`
 * `{name?, folderId?, shared?}` renames, moves or shares it, `DELETE` removes it and its files
 * (its ingestion is cancelled first): its owner only (403 `not_owner` for the others).
 */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    const { services } = ctx.state;
    const doc = await getDocument(
      services.db,
      profile.id,
      ctx.params.id,
      services.ingest.taskOf,
    );
    return Response.json(localizeDocument(doc, ctx.state.t, hasMessage));
  },
  async PATCH(ctx) {
    const profile = requireProfile(ctx);
    const body = await readJson(ctx.req, updateDocumentSchema, { limit: SMALL_JSON_LIMIT });
    const { services } = ctx.state;
    const doc = await updateDocument(
      services.db,
      profile.id,
      ctx.params.id,
      body,
      services.ingest.taskOf,
    );
    return Response.json(localizeDocument(doc, ctx.state.t, hasMessage));
  },
  async DELETE(ctx) {
    const profile = requireProfile(ctx);
    const { services } = ctx.state;
    await deleteDocument(services.db, services.paths, profile.id, ctx.params.id, {
      cancel: (id) => services.ingest.cancel(id),
      removeVectors: (id) => services.vectors.removeDocument(id),
    });
    return new Response(null, { status: 204 });
  },
});
