/**
 * Hearth speaks English and German. Messages are flat keys (`home.title`) with `{name}`
 * placeholders; the request's language comes from the user's choice (cookie), else the
 * browser's Accept-Language, else the box's configured language.
 */
import { setCookie } from "../http/cookies.ts";
import { fill, type Translate } from "./format.ts";
import { NAMESPACES } from "./messages/mod.ts";
import { type Locale, LOCALES } from "./types.ts";

export type { Locale, Translate };
export { LOCALES };
/** The cookie that remembers a browser's choice. */
export const LOCALE_COOKIE = "hearth_locale";

/** Remembers `locale` for this browser for a year (the language switch and the wizard). */
export function setLocaleCookie(headers: Headers, locale: Locale): void {
  setCookie(headers, LOCALE_COOKIE, locale, {
    maxAge: 365 * 24 * 60 * 60,
    sameSite: "Lax",
    httpOnly: true,
  });
}

type Catalog = Record<string, string>;

const catalogs: Record<Locale, Catalog> = { en: {}, de: {} };
for (const ns of NAMESPACES) {
  for (const locale of LOCALES) Object.assign(catalogs[locale], ns[locale]);
}

/** True for a supported locale code. */
export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** Whether a key exists (in English, the reference language). */
export function hasMessage(key: string): boolean {
  return key in catalogs.en;
}

/** A translator for one locale. A missing key falls back to English, then to the key itself. */
export function translator(locale: Locale): Translate {
  const catalog = catalogs[locale];
  return (key, params) => fill(catalog[key] ?? catalogs.en[key] ?? key, params);
}

/** Every message of a locale (for `GET /api/i18n/{locale}`), or those under `prefix`. */
export function messages(locale: Locale, prefix = ""): Catalog {
  if (!prefix) return { ...catalogs[locale] };
  return Object.fromEntries(Object.entries(catalogs[locale]).filter(([k]) => k.startsWith(prefix)));
}

/** All keys per locale, for the completeness test. */
export function catalogKeys(): Record<Locale, string[]> {
  return { en: Object.keys(catalogs.en), de: Object.keys(catalogs.de) };
}

/**
 * Picks the language: an explicit choice (cookie) wins, then the best Accept-Language match
 * (by q-value, `de-AT` matching `de`), then the fallback (the box's configured language).
 */
export function negotiate(
  acceptLanguage: string | null | undefined,
  chosen: string | null | undefined,
  fallback: Locale,
): Locale {
  if (isLocale(chosen)) return chosen;
  const ranked = (acceptLanguage ?? "").split(",").map((part, i) => {
    const [tag, ...rest] = part.trim().split(";");
    const q = rest.map((r) => /^\s*q=([\d.]+)/.exec(r)?.[1]).find(Boolean);
    return { tag: tag.toLowerCase(), q: q === undefined ? 1 : Number(q), i };
  }).filter((x) => x.tag && x.q > 0).sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranked) {
    const base = tag.split("-")[0];
    if (isLocale(base)) return base;
  }
  return fallback;
}
