import { z } from "zod";
import { HttpError } from "../lib/http/errors.ts";
import { sameOriginPath } from "../lib/http/paths.ts";
import { readForm } from "../lib/http/validate.ts";
import { isLocale, LOCALES, setLocaleCookie } from "../lib/i18n/mod.ts";
import { define } from "../utils.ts";

const LocaleForm = z.object({ locale: z.string().optional(), back: z.string().optional() });

/** `POST /locale` (a form): remembers the chosen language and goes back to the page. */
export const handler = define.handlers({
  async POST(ctx) {
    const { locale, back } = await readForm(ctx.req, LocaleForm);
    if (!isLocale(locale)) {
      throw new HttpError(422, "unknown_locale", `Unknown language "${locale}".`, {}, {
        locale: String(locale),
        locales: LOCALES.join(", "),
      });
    }
    // Only a path on this site: never an open redirect.
    const res = ctx.redirect(sameOriginPath(back, ctx.url.origin), 303);
    setLocaleCookie(res.headers, locale);
    return res;
  },
});
