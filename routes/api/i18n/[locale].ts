import { HttpError } from "../../../lib/http/errors.ts";
import { isLocale, LOCALES, messages } from "../../../lib/i18n/mod.ts";
import { define } from "../../../utils.ts";

/** `GET /api/i18n/{locale}`: every message of a language, for islands and other clients. */
export const handler = define.handlers({
  GET(ctx) {
    const { locale } = ctx.params;
    if (!isLocale(locale)) {
      throw new HttpError(404, "unknown_locale", `Unknown language "${locale}".`, {}, {
        locale,
        locales: LOCALES.join(", "),
      });
    }
    return Response.json(messages(locale), {
      headers: { "cache-control": "no-cache", "content-language": locale },
    });
  },
});
