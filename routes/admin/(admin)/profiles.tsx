import ProfileManager from "../../../islands/ProfileManager.tsx";
import { listProfiles } from "../../../lib/auth/mod.ts";
import { messages } from "../../../lib/i18n/mod.ts";
import { page } from "../../../lib/web/define.ts";
import { define } from "../../../utils.ts";

/** `GET /admin/profiles`: add, change and delete profiles. */
export const handler = define.handlers({
  async GET(ctx) {
    return page(await listProfiles(ctx.state.services.db));
  },
});

export default define.page<typeof handler>(function Profiles({ data, state: { t, locale } }) {
  return (
    <>
      <p class="auth-crumb">
        <a href="/admin">← {t("auth.admin.back")}</a>
      </p>
      <h1>{t("auth.profiles.title")}</h1>
      <p class="muted">{t("auth.profiles.text")}</p>
      <ProfileManager
        profiles={data}
        messages={{ ...messages(locale, "auth.profiles."), ...messages(locale, "auth.ui.") }}
      />
    </>
  );
});
