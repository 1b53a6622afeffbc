/** Pieces both admin pages (models, settings) render on the server. */
import type { Translate } from "../../lib/i18n/format.ts";

/**
 * What a task's `error` event may say, in the page's language (the events carry English text
 * and a code; HTTP errors arrive translated already).
 */
export function taskErrors(t: Translate): Record<string, string> {
  return {
    model_not_found: t("errors.model_not_found"),
    ollama_unreachable: t("errors.ollama_unreachable"),
    ollama_not_installed: t("errors.ollama_not_installed"),
    ollama_error: t("errors.ollama_error"),
    ollama_timeout: t("errors.ollama_timeout"),
    upstream_line_too_long: t("errors.upstream_line_too_long"),
    task_cancelled: t("errors.task_cancelled"),
    task_interrupted: t("errors.task_interrupted"),
    task_failed: t("errors.task_failed"),
    stream_truncated: t("errors.stream_truncated"),
  };
}

/** Links between the admin pages. */
export function AdminTabs({ current, t }: { current: "models" | "settings"; t: Translate }) {
  return (
    <nav class="admin-tabs" aria-label={t("models.adminNav")}>
      <a href="/admin">{t("models.adminHome")}</a>
      <a href="/admin/models" aria-current={current === "models" ? "page" : undefined}>
        {t("models.title")}
      </a>
      <a href="/admin/settings" aria-current={current === "settings" ? "page" : undefined}>
        {t("settings.title")}
      </a>
    </nav>
  );
}
