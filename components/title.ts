/**
 * Every page's `<title>`: "Chat · Hearth", "Settings · Hearth", a conversation's own title, so
 * tabs, history and the phone's app switcher tell pages apart. A handler that knows better (a
 * conversation's title) sets `ctx.state.title`; otherwise the page's path names it here. The
 * chat island keeps the tab's title current with `titled` (browser-safe: no server imports).
 */
import type { Translate } from "../lib/i18n/format.ts";

/** The brand every title ends with. */
export const APP_NAME = "Hearth";

/** Page paths and the message that names them; the first match wins. */
const TITLES: [RegExp, string][] = [
  [/^\/chat(\/|$)/, "section.chat"],
  [/^\/search\/?$/, "search.title"],
  [/^\/profiles\/?$/, "auth.picker.title"],
  [/^\/offline\/?$/, "offline.title"],
  [/^\/admin\/login\/?$/, "auth.login.title"],
  [/^\/admin\/models\/?$/, "models.title"],
  [/^\/admin\/profiles\/?$/, "auth.profiles.title"],
  [/^\/admin\/devices\/?$/, "auth.devices.title"],
  [/^\/admin(\/|$)/, "section.settings"],
];

/** `name · Hearth`; a streaming page marks itself with a dot in front. */
export function titled(name: string, streaming = false): string {
  return `${streaming ? "● " : ""}${name} · ${APP_NAME}`;
}

/**
 * The `<title>` of a page: `named` (what the handler set) if any, the error's title on an error
 * page (`status`), else the path's; the home page is plain "Hearth", the setup wizard its own.
 */
export function pageTitle(
  t: Translate,
  path: string,
  { named, status }: { named?: string; status?: number } = {},
): string {
  if (status === 404) return titled(t("notfound.title"));
  if (status !== undefined && status >= 400) return titled(t("error.title"));
  if (named) return titled(named);
  if (path.startsWith("/setup")) return t("setup.title");
  const key = TITLES.find(([re]) => re.test(path))?.[1];
  return key ? titled(t(key)) : APP_NAME;
}
