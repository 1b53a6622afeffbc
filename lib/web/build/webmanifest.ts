/**
 * The web app manifest, one per language (`/manifest.en.webmanifest`, `/manifest.de.webmanifest`),
 * written by `deno task build` as static files: the app's description and its shortcuts' names
 * are the page's language. The `id` is the same in every language, so a language switch updates
 * the installed app instead of making another.
 */
import { type Locale, translator } from "../../i18n/mod.ts";

/** URL path of a language's manifest. */
export function manifestPath(locale: Locale): string {
  return `/manifest.${locale}.webmanifest`;
}

/** PNG icons rendered once from `static/icon.svg`, the maskable one inside its safe zone. */
const ICONS = [
  { src: "/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
  { src: "/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
  { src: "/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
];

const shortcutIcon = (name: string) => [
  { src: `/shortcut-${name}.png`, sizes: "96x96", type: "image/png" },
];

/** The manifest's JSON text in `locale`. */
export function webManifest(locale: Locale): string {
  const t = translator(locale);
  return JSON.stringify(
    {
      id: "/",
      lang: locale,
      dir: "ltr",
      name: "Hearth",
      short_name: "Hearth",
      description: t("app.tagline"),
      start_url: "/",
      scope: "/",
      display: "standalone",
      background_color: "#1c1917",
      theme_color: "#b4441c",
      icons: ICONS,
      shortcuts: [
        { name: t("chat.new"), url: "/chat", icons: shortcutIcon("chat") },
        { name: t("search.title"), url: "/search", icons: shortcutIcon("search") },
      ],
    },
    null,
    2,
  ) + "\n";
}
