import { requireProfile } from "../../../../lib/auth/mod.ts";
import { updateFolderSchema } from "../../../../lib/documents/schemas.ts";
import { deleteFolder, updateFolder } from "../../../../lib/documents/folders.ts";
import { SMALL_JSON_LIMIT } from "../../../../lib/http/body.ts";
import { readJson } from "../../../../lib/http/validate.ts";
import { define } from "../../../../utils.ts";

/**
 * `PATCH /api/documents/folders/{id}` `{name?, parentId?, shared?}` renames, moves or shares a
 * folder (and everything in it); `DELETE` removes it, its documents and folders moving up to
 * its parent. Its owner only.
 */
export const handler = define.handlers({
  async PATCH(ctx) {
    const profile = requireProfile(ctx);
    const body = await readJson(ctx.req, updateFolderSchema, { limit: SMALL_JSON_LIMIT });
    return Response.json(
      await updateFolder(ctx.state.services.db, profile.id, ctx.params.id, body),
    );
  },
  async DELETE(ctx) {
    const profile = requireProfile(ctx);
    await deleteFolder(ctx.state.services.db, profile.id, ctx.params.id);
    return new Response(null, { status: 204 });
  },
});
