import { HttpError } from "../lib/http/errors.ts";
import { isLocale, LOCALES, setLocaleCookie } from "../lib/i18n/mod.ts";
import { define } from "../utils.ts";

/** `POST /locale` (a form): remembers the chosen language and goes back to the page. */
export const handler = define.handlers({
  async POST(ctx) {
    const form = await ctx.req.formData().catch(() => new FormData());
    const locale = form.get("locale");
    if (!isLocale(locale)) {
      throw new HttpError(422, "unknown_locale", `Unknown language "${locale}".`, {}, {
        locale: String(locale),
        locales: LOCALES.join(", "),
      });
    }

    // Only a path on this site: never an open redirect.
    const back = String(form.get("back") ?? "/");
    const target = back.startsWith("/") && !back.startsWith("//") && !back.startsWith("/\\")
      ? back
      : "/";
    const res = ctx.redirect(target, 303);
    setLocaleCookie(res.headers, locale);
    return res;
  },
});
