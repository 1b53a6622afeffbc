import LogTail from "../../../islands/LogTail.tsx";
import { messages } from "../../../lib/i18n/mod.ts";
import { define } from "../../../utils.ts";

/** `GET /admin/logs`: the live log (the island connects to `/ws`). */
export default define.page(function Logs({ state: { t, locale } }) {
  return (
    <>
      <p class="auth-crumb">
        <a href="/admin">← {t("auth.admin.back")}</a> ·{" "}
        <a href="/admin/health">
          {t("auth.admin.health")}
        </a>
      </p>
      <h1>{t("logs.title")}</h1>
      <p class="muted">{t("logs.intro")}</p>
      <LogTail locale={locale} messages={messages(locale, "logs.")} />
    </>
  );
});
