import { requireProfile } from "../../../../lib/auth/mod.ts";
import { createFolderSchema } from "../../../../lib/documents/schemas.ts";
import { createFolder, listFolders } from "../../../../lib/documents/folders.ts";
import { SMALL_JSON_LIMIT } from "../../../../lib/http/body.ts";
import { readJson } from "../../../../lib/http/validate.ts";
import { define } from "../../../../utils.ts";

/**
 * `GET /api/documents/folders` → `{folders}`: the profile's folders and the shared ones.
 * `POST` `{name, parentId?, shared?}` → 201 FolderInfo.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    return Response.json({ folders: await listFolders(ctx.state.services.db, profile.id) });
  },
  async POST(ctx) {
    const profile = requireProfile(ctx);
    const body = await readJson(ctx.req, createFolderSchema, { limit: SMALL_JSON_LIMIT });
    const folder = await createFolder(ctx.state.services.db, profile.id, body);
    return Response.json(folder, { status: 201 });
  },
});
