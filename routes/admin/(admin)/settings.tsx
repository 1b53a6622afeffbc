import SettingsForm from "../../../islands/SettingsForm.tsx";
import { messages } from "../../../lib/i18n/mod.ts";
import { page } from "../../../lib/web/define.ts";
import { define } from "../../../utils.ts";
import { AdminTabs } from "../../../components/admin/AdminTabs.tsx";

/** `/admin/settings`: the box's config, as `GET /api/admin/config` shows it (secrets redacted). */
export const handler = define.handlers({
  GET(ctx) {
    return page(ctx.state.services.config.view());
  },
});

/** The settings page: the config form, with env-set keys locked. */
export default define.page<typeof handler>(function SettingsPage({ data, state }) {
  const { t, locale } = state;
  return (
    <>
      <AdminTabs current="settings" t={t} />
      <section class="hero">
        <h1>{t("settings.title")}</h1>
        <p>{t("settings.intro")}</p>
      </section>
      <SettingsForm messages={messages(locale, "settings.")} view={data} />
    </>
  );
});
