import type { Translate } from "../lib/i18n/mod.ts";
import { sectionHref, SECTIONS } from "../lib/sections.ts";
import { Icon } from "./Icon.tsx";

/** The section navigation; marks the current section for screen readers and styling. */
export function Nav({ path, t }: { path: string; t: Translate }) {
  const current = path.split("/")[1] ?? "";
  return (
    <nav class="nav" aria-label={t("nav.label")}>
      <a href="/" class="nav-link" aria-current={current === "" ? "page" : undefined}>
        <Icon name="home" /> {t("nav.home")}
      </a>
      {SECTIONS.map((s) => (
        <a
          key={s.slug}
          href={sectionHref(s)}
          class="nav-link"
          aria-current={current === sectionHref(s).split("/")[1] ? "page" : undefined}
        >
          <Icon name={s.slug} /> {t(`section.${s.slug}`)}
        </a>
      ))}
    </nav>
  );
}
