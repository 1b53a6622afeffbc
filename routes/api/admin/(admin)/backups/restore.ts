import { z } from "zod";
import { backupFile, restoreBackup } from "../../../../../lib/backup/mod.ts";
import { restoreUpload } from "../../../../../lib/backup/http.ts";
import { readJson } from "../../../../../lib/http/validate.ts";
import { HttpError } from "../../../../../lib/http/errors.ts";
import { cancelBody } from "../../../../../lib/http/body_file.ts";
import { define } from "../../../../../utils.ts";

const stored = z.object({ name: z.string().max(200), mode: z.enum(["replace", "add"]) });

/**
 * `POST /api/admin/backups/restore?mode=replace|add` with a bundle as the raw body (streamed to
 * disk, capped: 413), or with JSON `{name, mode}` naming a stored bundle. The bundle is checked
 * whole before anything changes (422 `backup_damaged`, 422 `backup_too_new`); a replace keeps a
 * `-pre-restore` backup of what it replaced. Answers what was restored.
 */
export const handler = define.handlers({
  async POST(ctx) {
    const { paths, db, config } = ctx.state.services;
    const type = ctx.req.headers.get("content-type") ?? "";
    if (type.startsWith("application/json")) {
      const input = await readJson(ctx.req, stored);
      const file = await backupFile(paths.dataDir, input.name);
      return Response.json(await restoreBackup({ db, paths, config, file, mode: input.mode }));
    }
    const mode = new URL(ctx.req.url).searchParams.get("mode") ?? "replace";
    if (mode !== "replace" && mode !== "add") {
      cancelBody(ctx.req);
      throw new HttpError(422, "invalid_input", "mode is replace or add.", {}, { field: "mode" });
    }
    return Response.json(await restoreUpload(ctx.req, { db, paths, config }, mode));
  },
});
