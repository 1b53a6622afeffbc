import type { Translate } from "../lib/i18n/mod.ts";
import { type Section, sectionHref } from "../lib/sections.ts";
import { Icon } from "./Icon.tsx";

/**
 * The section navigation (`visibleSections`); marks the current section for screen readers and
 * styling. On phones the stylesheet makes it a bar at the bottom of the screen.
 */
export function Nav({ path, sections, t }: { path: string; sections: Section[]; t: Translate }) {
  const current = path.split("/")[1] ?? "";
  return (
    <nav class="nav" aria-label={t("nav.label")}>
      <a href="/" class="nav-link" aria-current={current === "" ? "page" : undefined}>
        <Icon name="home" /> <span class="nav-text">{t("nav.home")}</span>
      </a>
      {sections.map((s) => (
        <a
          key={s.slug}
          href={sectionHref(s)}
          class="nav-link"
          aria-current={current === sectionHref(s).split("/")[1] ? "page" : undefined}
        >
          <Icon name={s.slug} /> <span class="nav-text">{t(`section.${s.slug}`)}</span>
        </a>
      ))}
    </nav>
  );
}
