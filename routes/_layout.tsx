import { Icon } from "../components/Icon.tsx";
import { LanguageSwitch } from "../components/LanguageSwitch.tsx";
import { Nav } from "../components/Nav.tsx";
import AppUpdate from "../islands/AppUpdate.tsx";
import ConnectionIndicator from "../islands/ConnectionIndicator.tsx";
import { messages } from "../lib/i18n/mod.ts";
import { define } from "../utils.ts";

/** The page chrome: header with brand, language and connection light, navigation, content. */
export default define.page(function Layout({ Component, url, state }) {
  const { t, locale } = state;
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
          <LanguageSwitch locale={locale} back={url.pathname + url.search} t={t} />
          <ConnectionIndicator labels={messages(locale, "conn.")} />
        </div>
      </header>
      <AppUpdate labels={messages(locale, "pwa.")} />
      <Nav path={url.pathname} t={t} />
      <main class="content" id="main">
        <Component />
      </main>
    </div>
  );
});
