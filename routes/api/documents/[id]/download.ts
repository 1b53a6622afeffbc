import { requireProfile } from "../../../../lib/auth/mod.ts";
import { downloadHeaders } from "../../../../lib/documents/download.ts";
import { documentFile, getDocument } from "../../../../lib/documents/store.ts";
import { HttpError } from "../../../../lib/http/errors.ts";
import { define } from "../../../../utils.ts";

/**
 * `GET /api/documents/{id}/download`: the original as uploaded, streamed from disk, always as an
 * attachment (never shown in the page, never sniffed).
 */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    const { services } = ctx.state;
    const doc = await getDocument(services.db, profile.id, ctx.params.id);
    const file = await Deno.open(documentFile(services.paths, doc.id), { read: true }).catch(
      (err) => {
        if (!(err instanceof Deno.errors.NotFound)) throw err;
        throw new HttpError(404, "document_file_missing", "The document's file is missing.");
      },
    );
    const { size } = await file.stat();
    const headers = downloadHeaders(doc.name, doc.mime, size);
    if (ctx.req.method === "HEAD") {
      file.close();
      return new Response(null, { headers });
    }
    return new Response(file.readable, { headers });
  },
});
