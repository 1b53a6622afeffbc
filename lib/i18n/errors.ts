/**
 * Says an API error in the user's language: `errors.<code>` with the error's params, and zod
 * validation issues through zod's own German and English messages.
 */
import { z } from "zod";
import { type HttpError, ValidationError } from "../http/errors.ts";
import { hasMessage, type Locale, translator } from "./mod.ts";

const zodLocales = { en: z.locales.en(), de: z.locales.de() };

// deno-lint-ignore no-explicit-any
type ZodIssue = any;

function issueText(issue: ZodIssue, locale: Locale): string | undefined {
  const standard = zodLocales.en.localeError(issue);
  const standardText = typeof standard === "string" ? standard : standard?.message;
  // A schema's own message (e.g. "must be a host name") differs from zod's standard text:
  // keep it as written rather than replace it with a generic one.
  if (issue.message !== standardText) return undefined;
  const local = zodLocales[locale].localeError(issue);
  return typeof local === "string" ? local : local?.message;
}

/** What `locale` calls a field (`field.<name>`), else its name as validated. */
function fieldName(field: string, locale: Locale): string {
  const key = `field.${field}`;
  return hasMessage(key) ? translator(locale)(key) : field;
}

/** The message to show for `err` in `locale`; a `{field}` is named in that language. */
export function localizedMessage(err: HttpError, locale: Locale): string {
  if (err instanceof ValidationError && err.issue) {
    const detail = issueText(err.issue, locale);
    if (detail) {
      const field = fieldName(err.field || "input", locale);
      return translator(locale)("errors.invalid_input", { field, detail });
    }
    return err.message;
  }
  const key = `errors.${err.code}`;
  if (!hasMessage(key)) return err.message;
  const t = translator(locale);
  // An error that lacks a value its message needs (an `OllamaError` sharing the validation
  // code `invalid_input`, say) keeps its own sentence rather than show "{field}: {detail}".
  const needed = [...t(key).matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  if (!needed.every((name) => name in err.params)) return err.message;
  const field = err.params.field;
  return t(
    key,
    typeof field === "string" ? { ...err.params, field: fieldName(field, locale) } : err.params,
  );
}
