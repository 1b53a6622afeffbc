import { setCookie } from "hono/cookie";
import { z } from "zod";
import { LOCALE_COOKIE, LOCALES } from "../../../lib/i18n/mod.ts";
import { readJson } from "../../../lib/http/validate.ts";
import { chooseSetupLocale } from "../../../lib/setup/mod.ts";
import { define } from "../../../lib/web/define.ts";

const LocaleBody = z.strictObject({ locale: z.enum(LOCALES) });

/**
 * `POST /api/setup/locale {locale}`: the wizard's first step. Remembers the language for this
 * browser (the same cookie as the language switch) and for the box (saved when setup ends).
 */
export const handler = define.handlers({
  async POST(ctx) {
    const { locale } = await readJson(ctx.hono, LocaleBody);
    chooseSetupLocale(ctx.state.services, locale);
    setCookie(ctx.hono, LOCALE_COOKIE, locale, {
      path: "/",
      maxAge: 365 * 24 * 60 * 60,
      sameSite: "Lax",
      httpOnly: true,
    });
    return ctx.hono.json({ locale });
  },
});
