import { z } from "zod";
import { LOCALES, setLocaleCookie } from "../../../lib/i18n/mod.ts";
import { SMALL_JSON_LIMIT } from "../../../lib/http/body.ts";
import { readJson } from "../../../lib/http/validate.ts";
import { chooseSetupLocale } from "../../../lib/setup/mod.ts";
import { define } from "../../../utils.ts";

const LocaleBody = z.strictObject({ locale: z.enum(LOCALES) });

/**
 * `POST /api/setup/locale {locale}`: the wizard's first step. Remembers the language for this
 * browser (the same cookie as the language switch) and for the box (saved when setup ends).
 */
export const handler = define.handlers({
  async POST(ctx) {
    const { locale } = await readJson(ctx.req, LocaleBody, { limit: SMALL_JSON_LIMIT });
    chooseSetupLocale(ctx.state.services, locale);
    const headers = new Headers();
    setLocaleCookie(headers, locale);
    return Response.json({ locale }, { headers });
  },
});
