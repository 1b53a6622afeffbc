/**
 * The person's words for "when", resolved by Hearth, never by the model: `parseWhen` (chrono,
 * English and German) in the profile's zone, plus one rule for a bare hour.
 *
 * **A bare hour from 1 to 7** ("tomorrow at 6", "morgen um 6"), said without am/pm, minutes or a
 * time-of-day word, means the evening: 18:00, because reminders and appointments at 6 in the
 * morning are rare and asking every time is tiresome. Likewise a bare hour that has already
 * passed today ("today at 9" said at 10:00) means the evening (21:00) when that is still ahead.
 * "at 6am", "um 6:00", "um 06", "6 in the morning", "morgens um 6" keep the morning.
 */
import { parseWhen, type When } from "../dates/parse.ts";
import { fromZoned, zonedParts } from "../dates/zones.ts";
import type { Locale } from "../i18n/mod.ts";

/** Words that fix the half of the day, or a written time that does ("6:00", "06", "18"). */
const SAID =
  /\b(am|pm|a\.m\.|p\.m\.|morning|noon|afternoon|evening|night|tonight|morgens|früh|vormittags?|mittags?|nachmittags?|abends?|nachts?|uhr\s*morgens)\b|\d{1,2}[:.h]\d{2}|\b0\d\b|\b(1[2-9]|2[0-3])\b|\d(am|pm|a|p)\b/i;

/** Reads `text` in the profile's zone; null when it names no time. */
export async function resolveWhen(
  text: string,
  options: { timeZone: string; locale: Locale; now: Date },
): Promise<When | null> {
  const read = (locale: "en" | "de") =>
    parseWhen(text, { timeZone: options.timeZone, locale, now: options.now });
  // German is read first on a German page (then English); an English page also understands
  // German words ("morgen um 6"), which a household may mix.
  const when = options.locale === "de" ? await read("de") : (await read("en")) ?? await read("de");
  if (!when || when.allDay || SAID.test(when.text)) return when;
  const wall = zonedParts(when.start, options.timeZone);
  if (wall.hour === 0 || wall.hour >= 12 || wall.minute !== 0) return when;
  const evening = fromZoned({ ...wall, hour: wall.hour + 12 }, options.timeZone);
  const early = wall.hour <= 7;
  const passed = when.start.getTime() <= options.now.getTime() &&
    evening.getTime() > options.now.getTime();
  if (!early && !passed) return when;
  const shift = evening.getTime() - when.start.getTime();
  return {
    ...when,
    start: evening,
    ...(when.end && { end: new Date(when.end.getTime() + shift) }),
  };
}
