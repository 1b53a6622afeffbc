import { Icon } from "../components/Icon.tsx";
import { LanguageSwitch } from "../components/LanguageSwitch.tsx";
import { Nav } from "../components/Nav.tsx";
import AppUpdate from "../islands/AppUpdate.tsx";
import { ProfileMenu } from "../components/ProfileMenu.tsx";
import { NotificationBell } from "../components/NotificationBell.tsx";
import ConnectionIndicator from "../islands/ConnectionIndicator.tsx";
import { messages } from "../lib/i18n/mod.ts";
import { visibleSections } from "../lib/sections.ts";
import { define } from "../utils.ts";

/**
 * The page chrome: header with brand, language, connection light and who uses the device,
 * the section navigation (a bottom bar on phones), content.
 */
export default define.page(function Layout({ Component, url, state }) {
  const { t, locale, profile } = state;
  const here = url.pathname + url.search;
  return (
    <div class="shell">
      <header class="topbar">
        <a href="/" class="brand">
          <span class="brand-mark" aria-hidden="true">
            <Icon name="home" size={18} />
          </span>
          <span>Hearth</span>
        </a>
        <div class="topbar-end">
          <LanguageSwitch locale={locale} back={here} t={t} />
          <ConnectionIndicator labels={messages(locale, "conn.")} />
          {profile && <NotificationBell unread={state.unread ?? 0} t={t} />}
          {profile && <ProfileMenu profile={profile} back={here} t={t} />}
        </div>
      </header>
      <AppUpdate labels={messages(locale, "pwa.")} />
      <Nav path={url.pathname} sections={visibleSections(state)} t={t} />
      <main class="content" id="main">
        <Component />
      </main>
    </div>
  );
});
