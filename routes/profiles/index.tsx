import { LanguageSwitch } from "../../components/LanguageSwitch.tsx";
import ProfilePicker from "../../islands/ProfilePicker.tsx";
import { listProfiles, type Profile, safeNext } from "../../lib/auth/mod.ts";
import { messages } from "../../lib/i18n/mod.ts";
import { page } from "../../lib/web/define.ts";
import { define } from "../../utils.ts";

/** The picker stands alone: the app's navigation only leads back here until a profile is picked. */
export const config = { skipInheritedLayouts: true };

interface Data {
  profiles: Profile[];
  next: string;
}

/** `GET /profiles?next=…`: who is using this device? */
export const handler = define.handlers({
  async GET(ctx) {
    const profiles = await listProfiles(ctx.state.services.db);
    return page<Data>({ profiles, next: safeNext(ctx.url.searchParams.get("next")) });
  },
});

export default define.page<typeof handler>(function Profiles({ data, state, url }) {
  const { t, locale, profile } = state;
  return (
    <div class="picker-shell">
      <header class="picker-top">
        <span class="brand">Hearth</span>
        <LanguageSwitch locale={locale} back={url.pathname + url.search} t={t} />
      </header>
      <main class="picker" id="main">
        <h1>{t("auth.picker.title")}</h1>
        {data.profiles.length === 0
          ? (
            <p>
              {t("auth.picker.empty")} <a href="/setup">{t("auth.picker.setup")}</a>
            </p>
          )
          : (
            <>
              <p class="muted">{t("auth.picker.text")}</p>
              <ProfilePicker
                profiles={data.profiles}
                current={profile?.id ?? null}
                next={data.next}
                messages={{
                  ...messages(locale, "auth.picker."),
                  ...messages(locale, "auth.pin."),
                  ...messages(locale, "auth.ui."),
                }}
              />
              <p class="picker-foot">
                <a href={`/admin/login?next=${encodeURIComponent("/admin")}`}>
                  {t("auth.picker.adminLink")}
                </a>
              </p>
            </>
          )}
      </main>
    </div>
  );
});
