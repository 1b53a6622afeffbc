/** What `/api/dates/*` take and answer: the asking profile's zone and language, JSON-shaped. */
import { z } from "zod";
import { SMALL_JSON_LIMIT } from "../http/body.ts";
import { readJson } from "../http/validate.ts";
import type { Locale } from "../i18n/mod.ts";
import { parseWhen, type WhenOptions } from "./parse.ts";
import { quickAdd } from "./quick_add.ts";
import type { QuickAddJson, WhenJson } from "./types.ts";

/** Most characters a text to parse may have. */
export const DATE_TEXT_MAX = 500;

/** `{text}`: 1–500 characters. */
export const dateTextSchema = z.object({
  text: z.string().trim().min(1).max(DATE_TEXT_MAX),
}).strict();

/** The options for a profile's zone and the request's language. */
export function whenOptions(timeZone: string, locale: Locale, now: Date): WhenOptions {
  return { timeZone, locale: locale === "de" ? "de" : "en", now };
}

/**
 * A `{text}` body of the dates API, with the options to read it by: the asker's zone and
 * language, and the box's clock.
 */
export async function readDateText(
  req: Request,
  asker: { timeZone: string; locale: Locale; now: number },
): Promise<{ text: string; options: WhenOptions }> {
  const { text } = await readJson(req, dateTextSchema, { limit: SMALL_JSON_LIMIT });
  return { text, options: whenOptions(asker.timeZone, asker.locale, new Date(asker.now)) };
}

/** `parseWhen` as the API answers it. */
export async function parseJson(text: string, options: WhenOptions): Promise<WhenJson | null> {
  const when = await parseWhen(text, options);
  if (!when) return null;
  return {
    start: when.start.toISOString(),
    allDay: when.allDay,
    end: when.end?.toISOString() ?? null,
    text: when.text,
    timeZone: options.timeZone,
  };
}

/** `quickAdd` as the API answers it. */
export async function quickAddJson(
  text: string,
  options: WhenOptions,
): Promise<QuickAddJson> {
  const q = await quickAdd(text, options);
  return {
    title: q.title,
    due: q.due?.toISOString() ?? null,
    allDay: q.allDay ?? false,
    tags: q.tags,
    priority: q.priority ?? null,
    timeZone: options.timeZone,
  };
}
