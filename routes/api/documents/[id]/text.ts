import { requireProfile } from "../../../../lib/auth/mod.ts";
import { readDocumentText } from "../../../../lib/documents/store.ts";
import { define } from "../../../../utils.ts";

/**
 * `GET /api/documents/{id}/text`: the document's extracted Markdown ("" before extraction) and
 * where each chunk sits in it → `{markdown, chunks: [{id, seq, heading, start, end}]}`.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    const { services } = ctx.state;
    return Response.json(
      await readDocumentText(services.db, services.paths, profile.id, ctx.params.id),
    );
  },
});
