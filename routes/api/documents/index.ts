import { requireProfile } from "../../../lib/auth/mod.ts";
import { localizeDocument } from "../../../lib/documents/errors.ts";
import { hasMessage } from "../../../lib/i18n/mod.ts";
import { listDocumentsQuery, uploadQuery } from "../../../lib/documents/schemas.ts";
import { listDocuments } from "../../../lib/documents/store.ts";
import { receiveUpload, removeStaleUploads } from "../../../lib/documents/upload.ts";
import { readQuery } from "../../../lib/http/validate.ts";
import { define } from "../../../utils.ts";

/** Data folders whose half-written uploads (from a crash) were already swept by this process. */
const swept = new Set<string>();

/**
 * `GET /api/documents?folder=<id|root>&q=&status=&limit=&offset=`: a page of the documents the
 * profile may read (its own and shared ones) → `{documents, total, nextOffset}`.
 * `POST /api/documents?name=&folder=&shared=1`: the raw body is the file (100 MB at most,
 * streamed to disk) → 201 DocumentInfo, `queued` for ingestion.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    const q = readQuery(ctx.url, listDocumentsQuery);
    const { services } = ctx.state;
    const page = await listDocuments(services.db, profile.id, q, services.ingest.taskOf);
    return Response.json({
      ...page,
      documents: page.documents.map((d) => localizeDocument(d, ctx.state.t, hasMessage)),
    });
  },
  async POST(ctx) {
    const profile = requireProfile(ctx);
    const { services } = ctx.state;
    const q = readQuery(ctx.url, uploadQuery);
    if (!swept.has(services.paths.dataDir)) {
      swept.add(services.paths.dataDir);
      await removeStaleUploads(services.paths);
    }
    const { ingest } = services;
    const doc = await receiveUpload(services.db, services.paths, profile.id, ctx.req, q, {
      taskOf: ingest.taskOf,
    });
    ingest.enqueue(doc.id);
    return Response.json({ ...doc, taskId: ingest.taskOf(doc.id) }, { status: 201 });
  },
});
