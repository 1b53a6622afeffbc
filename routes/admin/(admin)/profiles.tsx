import ProfileManager from "../../../islands/ProfileManager.tsx";
import { listProfiles } from "../../../lib/auth/mod.ts";
import { messages } from "../../../lib/i18n/mod.ts";
import { page } from "../../../lib/web/define.ts";
import { define } from "../../../utils.ts";

/** `GET /admin/profiles?edit=<id>`: add, change and delete profiles (`edit`'s form open). */
export const handler = define.handlers({
  async GET(ctx) {
    return page({
      profiles: await listProfiles(ctx.state.services.db),
      edit: ctx.url.searchParams.get("edit"),
    });
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
        profiles={data.profiles}
        edit={data.edit}
        messages={{
          ...messages(locale, "auth.profiles."),
          ...messages(locale, "auth.ui."),
          ...messages(locale, "limits.admin."),
        }}
      />
    </>
  );
});
