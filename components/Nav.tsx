import type { Translate } from "../lib/i18n/mod.ts";
import { type Section, sectionHref } from "../lib/sections.ts";
import { Icon, type IconName } from "./Icon.tsx";

/** How many links the phone's bottom bar holds; past that, the last place is "More". */
export const PHONE_BAR = 5;

interface NavLink {
  href: string;
  icon: IconName;
  label: string;
  current: boolean;
}

/**
 * The section navigation (`visibleSections`); marks the current section for screen readers and
 * styling. On phones the stylesheet makes it a bar at the bottom of the screen, which holds
 * `PHONE_BAR` links: with more sections than that, the first ones stay in the bar and the rest
 * (Home last) move into a "More" menu, a `<details>` so it opens without JavaScript. Those links
 * are in the markup twice, in the bar for wider screens and in the menu for phones, and the
 * stylesheet shows one of each.
 */
export function Nav({ path, sections, t }: { path: string; sections: Section[]; t: Translate }) {
  const current = path.split("/")[1] ?? "";
  const home: NavLink = { href: "/", icon: "home", label: t("nav.home"), current: current === "" };
  const links: NavLink[] = sections.map((s) => ({
    href: sectionHref(s),
    icon: s.slug,
    label: t(`section.${s.slug}`),
    current: current === sectionHref(s).split("/")[1],
  }));
  const all = [home, ...links];
  const more = all.length > PHONE_BAR ? [...links.slice(PHONE_BAR - 1), home] : [];
  return (
    <nav class="nav" aria-label={t("nav.label")}>
      {all.map((link) => (
        <a
          key={link.href}
          href={link.href}
          class="nav-link"
          aria-current={link.current ? "page" : undefined}
          data-more={more.includes(link) ? "" : undefined}
        >
          <Icon name={link.icon} /> <span class="nav-text">{link.label}</span>
        </a>
      ))}
      {more.length > 0 && (
        <details class="nav-more">
          <summary
            class={more.some((l) => l.current) ? "nav-more-toggle current" : "nav-more-toggle"}
          >
            <Icon name="more" /> <span class="nav-text">{t("nav.more")}</span>
          </summary>
          <div class="nav-more-menu">
            {more.map((link) => (
              <a
                key={link.href}
                href={link.href}
                class="nav-more-link"
                aria-current={link.current ? "page" : undefined}
              >
                <Icon name={link.icon} /> {link.label}
              </a>
            ))}
          </div>
        </details>
      )}
    </nav>
  );
}
