import { requireProfile } from "../../../lib/auth/mod.ts";
import { previewImport, readImportFile } from "../../../lib/imports/mod.ts";
import { define } from "../../../utils.ts";

/**
 * `POST /api/imports/preview`: an export file (the raw body, or the `file` field of a multipart
 * form; 100 MB at most) → `{ format, conversations: [{ index, title, messages, activeMessages,
 * branches, createdAt, updatedAt }], total }` (the first 200 described). Stores nothing. Bad
 * files: 422 `import_not_json`, `import_unknown_format`, `import_malformed`,
 * `import_too_many_conversations`, `import_too_many_messages`; 413 `body_too_large`.
 */
export const handler = define.handlers({
  async POST(ctx) {
    requireProfile(ctx);
    const { text } = await readImportFile(ctx.req);
    return Response.json(previewImport(text));
  },
});
