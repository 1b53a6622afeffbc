import { deleteBackup } from "../../../../../lib/backup/mod.ts";
import { backupDownload } from "../../../../../lib/backup/http.ts";
import { define } from "../../../../../utils.ts";

/**
 * `GET /api/admin/backups/{name}` streams the bundle as an attachment; `DELETE` removes it (204).
 * Only names Hearth gives its bundles are found (404 `backup_not_found`).
 */
export const handler = define.handlers({
  GET(ctx) {
    return backupDownload(ctx.state.services.paths.dataDir, ctx.params.name);
  },
  async DELETE(ctx) {
    await deleteBackup(ctx.state.services.paths.dataDir, ctx.params.name);
    return new Response(null, { status: 204 });
  },
});
