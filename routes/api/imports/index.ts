import { z } from "zod";
import { requireProfile } from "../../../lib/auth/mod.ts";
import { readQuery } from "../../../lib/http/validate.ts";
import { importFile, parseOnly, readImportFile } from "../../../lib/imports/mod.ts";
import { define } from "../../../utils.ts";

const query = z.strictObject({ only: z.string().max(100_000).optional() });

/**
 * `POST /api/imports[?only=0,2,5]`: the same file as the preview → the conversations (all, or
 * the indexes `only` names, from the query or the form's `only` field) become the profile's, in
 * one transaction: `201 { imported, conversations: [{ id, title }] }`. The same errors as the
 * preview, plus 422 `import_only_invalid`; on any error nothing is stored.
 */
export const handler = define.handlers({
  async POST(ctx) {
    const profile = requireProfile(ctx);
    const fromQuery = readQuery(ctx.url, query).only;
    const file = await readImportFile(ctx.req);
    const only = parseOnly(fromQuery ?? file.only);
    const result = await importFile(ctx.state.services.db.kysely, profile.id, file.text, only);
    return Response.json(result, { status: 201 });
  },
});
