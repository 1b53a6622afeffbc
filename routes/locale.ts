import { setCookie } from "hono/cookie";
import { HttpError } from "../lib/http/errors.ts";
import { isLocale, LOCALE_COOKIE, LOCALES } from "../lib/i18n/mod.ts";
import { define } from "../lib/web/define.ts";

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
    setCookie(ctx.hono, LOCALE_COOKIE, locale, {
      path: "/",
      maxAge: 365 * 24 * 60 * 60,
      sameSite: "Lax",
      httpOnly: true,
    });
    // Only a path on this site: never an open redirect.
    const back = String(form.get("back") ?? "/");
    const target = back.startsWith("/") && !back.startsWith("//") && !back.startsWith("/\\")
      ? back
      : "/";
    // Hono's redirect carries the cookie set above.
    return ctx.hono.redirect(target, 303);
  },
});
