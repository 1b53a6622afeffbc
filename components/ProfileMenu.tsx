import type { Profile } from "../lib/auth/types.ts";
import type { Translate } from "../lib/i18n/mod.ts";

/**
 * Pages of one's own profile, listed first in the profile menu: `href` and the message key of
 * its label. A per-profile page adds itself here.
 */
export const PROFILE_PAGES: readonly { href: string; label: string }[] = [
  { href: "/me/notifications", label: "push.title" },
  { href: "/me/time-zone", label: "dates.zone.title" },
  { href: "/me/briefing", label: "briefing.title" },
  { href: "/me/calendar", label: "ics.title" },
  { href: "/me/imports", label: "imports.title" },
  { href: "/me/api-keys", label: "apikeys.title" },
];

/**
 * Who is using this device: the profile's avatar and name in the header, opening a menu to
 * switch profile or sign the device out. A `<details>` with a link and a form, so it works
 * without JavaScript.
 */
export function ProfileMenu(
  { profile, back, t }: { profile: Profile; back: string; t: Translate },
) {
  const picker = back === "/" ? "/profiles" : `/profiles?next=${encodeURIComponent(back)}`;
  return (
    <details class="profile-menu">
      <summary class="profile-button" aria-label={t("shell.profile.menu", { name: profile.name })}>
        <span class="profile-avatar" aria-hidden="true">{profile.avatar}</span>
        <span class="profile-label" aria-hidden="true">{profile.name}</span>
      </summary>
      <div class="profile-pop">
        <p class="profile-who">{t("auth.picker.current", { name: profile.name })}</p>
        <ul class="profile-items">
          {PROFILE_PAGES.map((p) => (
            <li key={p.href}>
              <a class="profile-item" href={p.href}>{t(p.label)}</a>
            </li>
          ))}
          <li>
            <a class="profile-item" href={picker}>{t("shell.profile.switch")}</a>
          </li>
          <li>
            <form method="post" action="/profiles/signout">
              <button type="submit" class="profile-item">{t("auth.picker.signout")}</button>
            </form>
          </li>
        </ul>
      </div>
    </details>
  );
}
