import { createBackup, listBackups } from "../../../../../lib/backup/mod.ts";
import { readSchedule } from "../../../../../lib/backup/schedule.ts";
import { define } from "../../../../../utils.ts";

/**
 * `GET /api/admin/backups` → `{backups: [{name, bytes, createdAt}], schedule}` (newest first);
 * `POST` makes a backup now and answers it (201) once written: the request lasts as long as the
 * copy (at disk speed; one at a time, 409 `backup_busy` while another runs).
 */
export const handler = define.handlers({
  async GET(ctx) {
    const { paths, db } = ctx.state.services;
    return Response.json(
      { backups: await listBackups(paths.dataDir), schedule: await readSchedule(db) },
      { headers: { "cache-control": "no-store" } },
    );
  },
  async POST(ctx) {
    const { paths, db } = ctx.state.services;
    const { name, bytes, createdAt } = await createBackup({ db, paths });
    return Response.json({ name, bytes, createdAt }, { status: 201 });
  },
});
