/**
 * Says an API error in the user's language: `errors.<code>` with the error's params, and a zod
 * validation issue as a sentence of its kind (`validation.*`) that names the field in words.
 */
import { z } from "zod";
import { type HttpError, ValidationError } from "../http/errors.ts";
import { hasMessage, type Locale, type Translate, translator } from "./mod.ts";

const zodEnglish = z.locales.en();

// deno-lint-ignore no-explicit-any
type ZodIssue = any;

/** A schema's own messages (English, in the schema) and their `validation.custom.*` sentences. */
const CUSTOM: Record<string, string> = {
  "must be 4 to 8 digits": "pin",
  "must not contain control characters": "control",
  "must be one emoji or up to 3 letters": "avatar",
  "is not a model name": "model",
  "not a valid model name": "model",
  "names a photo twice": "photoTwice",
  "must name an Ollama server": "ollamaHost",
  "must be a host name or address, without scheme or port": "hostName",
  "is not a known time zone": "timeZone",
};

/** The field in words: its own name (`validation.field.<key>`), else "the field …" with its path. */
function fieldName(field: string, t: Translate): string {
  const key = field.split(".").findLast((part) => !/^\d+$/.test(part)) ?? "";
  const own = `validation.field.${key}`;
  return key && hasMessage(own) ? t(own) : t("validation.field", { path: field || "input" });
}

/** The issue as a sentence, or undefined for a schema's own message that has none. */
function issueSentence(issue: ZodIssue, t: Translate, field: string, locale: Locale) {
  const custom = CUSTOM[issue.message];
  if (custom) return t(`validation.custom.${custom}`, { field });
  // A schema's own message differs from zod's standard text (which, without the input kept on
  // the issue, may say "received …" differently).
  const standard = zodEnglish.localeError(issue);
  const standardText = typeof standard === "string" ? standard : standard?.message;
  const plain = (text: unknown) => String(text).replace(/, received .*$/, "");
  if (plain(issue.message) !== plain(standardText)) return undefined;
  const n = (v: unknown) => typeof v === "number" ? v.toLocaleString(locale) : String(v);
  const origin = String(issue.origin ?? "");
  const list = origin === "array" || origin === "set";
  switch (issue.code) {
    case "invalid_type":
      return t(
        /received undefined$/.test(issue.message) ? "validation.missing" : "validation.type",
        {
          field,
        },
      );
    case "too_big":
      if (origin === "string") return t("validation.too_long", { field, max: n(issue.maximum) });
      if (list) return t("validation.too_many", { field, max: n(issue.maximum) });
      // A number's limit as a value (a port is 65535, not 65,535).
      return t("validation.too_big", { field, max: String(issue.maximum) });
    case "too_small":
      if (origin === "string") {
        return Number(issue.minimum) <= 1
          ? t("validation.empty", { field })
          : t("validation.too_short", { field, min: n(issue.minimum) });
      }
      if (list) return t("validation.too_few", { field, min: n(issue.minimum) });
      return t("validation.too_small", { field, min: String(issue.minimum) });
    case "invalid_format":
      return t("validation.format", { field });
    case "invalid_value":
      return t("validation.one_of", { field, values: (issue.values ?? []).map(String).join(", ") });
    case "unrecognized_keys":
      return t("validation.unknown", { field });
    default:
      return t("validation.invalid", { field });
  }
}

/** What `locale` calls a field named in an error's params (`field.<name>`), else that name. */
function paramField(field: string, locale: Locale): string {
  const key = `field.${field}`;
  return hasMessage(key) ? translator(locale)(key) : field;
}

/** The message to show for `err` in `locale`; a `{field}` is named in that language. */
export function localizedMessage(err: HttpError, locale: Locale): string {
  const t = translator(locale);
  if (err instanceof ValidationError && err.issue) {
    const field = fieldName(err.field, t);
    // A schema's own message without a sentence: as written in English, else a generic one.
    return issueSentence(err.issue, t, field, locale) ??
      (locale === "en" ? err.message : t("validation.invalid", { field }));
  }
  const key = `errors.${err.code}`;
  if (!hasMessage(key)) return err.message;
  // An error that lacks a value its message needs (an `OllamaError` sharing the validation
  // code `invalid_input`, say) keeps its own sentence rather than show "{field}: {detail}".
  const needed = [...t(key).matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  if (!needed.every((name) => name in err.params)) return err.message;
  const field = err.params.field;
  return t(
    key,
    typeof field === "string" ? { ...err.params, field: paramField(field, locale) } : err.params,
  );
}
