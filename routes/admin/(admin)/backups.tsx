import BackupPanel from "../../../islands/BackupPanel.tsx";
import { listBackups } from "../../../lib/backup/mod.ts";
import { readSchedule } from "../../../lib/backup/schedule.ts";
import { messages } from "../../../lib/i18n/mod.ts";
import { page } from "../../../lib/web/define.ts";
import { define } from "../../../utils.ts";

interface Data {
  backups: Awaited<ReturnType<typeof listBackups>>;
  schedule: Awaited<ReturnType<typeof readSchedule>>;
}

/** `GET /admin/backups`: back up now, download, delete, restore, and the schedule. */
export const handler = define.handlers({
  async GET(ctx) {
    const { db, paths } = ctx.state.services;
    return page<Data>({
      backups: await listBackups(paths.dataDir),
      schedule: await readSchedule(db),
    });
  },
});

export default define.page<typeof handler>(function Backups({ data, state: { t, locale } }) {
  return (
    <>
      <p class="auth-crumb">
        <a href="/admin">← {t("auth.admin.back")}</a>
      </p>
      <h1>{t("backup.title")}</h1>
      <p class="muted">{t("backup.text")}</p>
      <BackupPanel
        backups={data.backups}
        schedule={data.schedule}
        locale={locale}
        messages={messages(locale, "backup.")}
      />
    </>
  );
});
