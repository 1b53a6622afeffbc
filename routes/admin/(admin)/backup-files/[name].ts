import { backupDownload } from "../../../../lib/backup/http.ts";
import { define } from "../../../../utils.ts";

/**
 * `GET /admin/backup-files/{name}`: the Backups page's Download link (a link cannot send the
 * session header `/api` needs; the admin cookie and this folder's guard suffice). Streamed.
 */
export const handler = define.handlers({
  GET(ctx) {
    return backupDownload(ctx.state.services.paths.dataDir, ctx.params.name);
  },
});
