import { NoPinNotice } from "../components/auth/NoPinNotice.tsx";
import { Icon } from "../components/Icon.tsx";
import { QrCode } from "../components/QrCode.tsx";
import { sectionHref, visibleSections } from "../lib/sections.ts";
import { define } from "../utils.ts";

/**
 * Home: what is here, and how to open Hearth on another device (a QR code, shown on desktops
 * only: a phone is told nothing about scanning). The admin profile without a PIN is told that
 * anyone on the network can open it.
 */
export default define.page(function Home({ state, url }) {
  const { services, t, profile } = state;
  // The LAN address is what a phone needs; fall back to what this browser used.
  const phoneUrl = services.urls.find((u) => !u.includes("localhost")) ?? url.origin + "/";
  const [before, after] = t("home.phone.text").split("{url}");
  return (
    <>
      {profile?.isAdmin && !profile.hasPin && <NoPinNotice profileId={profile.id} t={t} />}
      <section class="hero">
        <h1>{t("home.title")}</h1>
        <p>{t("home.intro")}</p>
      </section>
      <section class="cards" aria-label={t("nav.label")}>
        {visibleSections(state).filter((s) => !s.admin).map((s) => (
          <a key={s.slug} class="card" href={sectionHref(s)}>
            <span class="card-icon">
              <Icon name={s.slug} size={24} />
            </span>
            <span class="card-title">
              {t(`section.${s.slug}`)}
            </span>
            <span class="card-text">{t(`section.${s.slug}.summary`)}</span>
          </a>
        ))}
      </section>
      <section class="panel phone">
        <div>
          <h2>{t("home.phone.title")}</h2>
          <p>
            {before}
            <a href={phoneUrl}>{phoneUrl}</a>
            {after}
          </p>
        </div>
        <QrCode text={phoneUrl} label={t("home.phone.qr", { url: phoneUrl })} />
      </section>
      <p class="muted home-version">{t("home.version", { version: services.version })}</p>
    </>
  );
});
