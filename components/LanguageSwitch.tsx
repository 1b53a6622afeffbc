import type { Locale, Translate } from "../lib/i18n/mod.ts";

const NAMES: Record<Locale, string> = { en: "English", de: "Deutsch" };

/** Switches the language with a plain form (works without JavaScript); remembered by cookie. */
export function LanguageSwitch(
  { locale, back, t }: { locale: Locale; back: string; t: Translate },
) {
  return (
    <form method="post" action="/locale" class="lang" aria-label={t("lang.label")}>
      <input type="hidden" name="back" value={back} />
      {(Object.keys(NAMES) as Locale[]).map((l) => (
        <button
          key={l}
          type="submit"
          name="locale"
          value={l}
          lang={l}
          aria-pressed={l === locale ? "true" : "false"}
          title={NAMES[l]}
        >
          {l.toUpperCase()}
        </button>
      ))}
    </form>
  );
}
