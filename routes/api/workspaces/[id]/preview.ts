import { requireProfile } from "../../../../lib/auth/mod.ts";
import { SMALL_JSON_LIMIT } from "../../../../lib/http/body.ts";
import { readJson } from "../../../../lib/http/validate.ts";
import { pathBody } from "../../../../lib/workspace/http.ts";
import { PREVIEW_PREFIX, PREVIEW_TTL_MS, previewToken } from "../../../../lib/workspace/preview.ts";
import { openWorkspace } from "../../../../lib/workspace/workspace.ts";
import { define } from "../../../../utils.ts";

/**
 * `POST /api/workspaces/{id}/preview {path}` → `{url, expiresAt}`: a link to the file, served
 * sandboxed by `/preview/{token}` for 10 minutes (lib/workspace/preview.ts).
 */
export const handler = define.handlers({
  async POST(ctx) {
    const profile = requireProfile(ctx);
    const { services } = ctx.state;
    const ws = await openWorkspace(services, profile.id, ctx.params.id);
    const body = await readJson(ctx.req, pathBody, { limit: SMALL_JSON_LIMIT });
    // The file must be there now (it is checked again when the link is opened).
    const { file, entry } = await ws.openFile(body.path);
    file.close();
    const expires = services.now() + PREVIEW_TTL_MS;
    const token = previewToken({
      conversationId: ws.conversationId,
      profileId: profile.id,
      path: entry.path,
      expires,
    });
    return Response.json({
      url: `${PREVIEW_PREFIX}${token}`,
      expiresAt: new Date(expires).toISOString(),
    });
  },
});
