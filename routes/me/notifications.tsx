import NotificationSettings from "../../islands/NotificationSettings.tsx";
import { deviceCookie, deviceIdFor, requireProfile } from "../../lib/auth/mod.ts";
import { messages } from "../../lib/i18n/mod.ts";
import { page } from "../../lib/web/define.ts";
import { define } from "../../utils.ts";

/** `/me/notifications`: what the current profile is notified about, and on which devices. */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    const { push, db } = ctx.state.services;
    const deviceId = await deviceIdFor(db, deviceCookie(ctx.req));
    return page({
      preferences: await push.preferences(profile.id),
      devices: await push.list(profile.id, deviceId),
    });
  },
});

export default define.page<typeof handler>(function NotificationsPage({ data, state }) {
  const { t, locale } = state;
  return (
    <section class="push-page">
      <h1>{t("push.title")}</h1>
      <p>{t("push.intro")}</p>
      <p class="muted">{t("push.internet")}</p>
      <NotificationSettings
        preferences={data.preferences}
        devices={data.devices}
        locale={locale}
        messages={messages(locale, "push.")}
      />
    </section>
  );
});
