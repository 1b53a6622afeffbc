import HealthView from "../../../islands/HealthView.tsx";
import { messages } from "../../../lib/i18n/mod.ts";
import { healthReport } from "../../../lib/system/health.ts";
import { page } from "../../../lib/web/define.ts";
import { define } from "../../../utils.ts";

/** `GET /admin/health`: how the box is doing; the island checks again every few seconds. */
export const handler = define.handlers({
  async GET(ctx) {
    return page({ report: await healthReport(ctx.state.services) });
  },
});

export default define.page<typeof handler>(function Health({ data, state: { t, locale } }) {
  return (
    <>
      <p class="auth-crumb">
        <a href="/admin">← {t("auth.admin.back")}</a> ·{" "}
        <a href="/admin/logs">
          {t("auth.admin.logs")}
        </a>
      </p>
      <h1>{t("health.title")}</h1>
      <p class="muted">{t("health.intro")}</p>
      <HealthView report={data.report} locale={locale} messages={messages(locale, "health.")} />
    </>
  );
});
