/**
 * The one date parser: natural-language dates ("tomorrow 9am", "next Friday 3pm", "morgen um 9",
 * "in zwei Wochen") read by chrono-node and resolved in the profile's time zone, never the
 * server's. chrono counts in a fixed UTC offset, which is wrong across a DST change, so it is
 * given the zone's wall time as a UTC reference ("now" as the profile's clock shows it) and its
 * answer is read back as a wall time and turned into an instant by `fromZoned`.
 */
import type * as Chrono from "chrono-node";
import { fromZoned, zonedParts } from "./zones.ts";

/** The languages the parser reads. */
export type DateLocale = "en" | "de";

/** Where and when a text is read. */
export interface WhenOptions {
  /** The profile's IANA zone. */
  timeZone: string;
  locale: DateLocale;
  /** The reference instant ("now"). */
  now: Date;
}

/** A date found in a text. */
export interface When {
  /** The instant (UTC); an all-day date is its midnight in the zone. */
  start: Date;
  /** No time of day was said ("tomorrow", "in two weeks"). */
  allDay: boolean;
  /** The end of a range ("3pm to 5pm"), when one was said. */
  end?: Date;
  /** The words that said it, as written. */
  text: string;
  /** Where those words start in the text. */
  index: number;
}

/** Casual words that name a time of day without a number ("tonight", "heute Abend"). */
const TIME_OF_DAY = /casualReference\/(now|tonight|morning|afternoon|evening|noon|midnight)/;

function read(
  component: Chrono.ParsedComponents,
  result: Chrono.ParsedResult,
  timed: boolean,
  reference: Date,
  options: WhenOptions,
): Date {
  const tags = result.tags();
  // "in 3 hours": a span of the clock, counted from the real instant (a DST change in between
  // shifts the wall time, not the span).
  if (tags.has("result/relativeDateAndTime")) {
    return new Date(options.now.getTime() + (component.date().getTime() - reference.getTime()));
  }
  // A zone in the text ("3pm EST") says the instant itself.
  if (component.isCertain("timezoneOffset")) return component.date();
  const wall = {
    year: component.get("year")!,
    month: component.get("month")!,
    day: component.get("day")!,
    hour: timed ? component.get("hour") ?? 0 : 0,
    minute: timed ? component.get("minute") ?? 0 : 0,
    second: timed ? component.get("second") ?? 0 : 0,
  };
  return fromZoned(wall, options.timeZone);
}

const inRange = (d: Date) => {
  const year = d.getUTCFullYear();
  return year >= 1 && year <= 9999;
};

function parseIn(
  parser: Pick<typeof Chrono.en, "parse">,
  text: string,
  options: WhenOptions,
): When | null {
  const p = zonedParts(options.now, options.timeZone);
  // The profile's wall clock, written as if it were UTC; chrono counts from it at offset 0.
  const reference = new Date(
    Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, p.millisecond),
  );
  const [result] = parser.parse(text, { instant: reference, timezone: 0 }, { forwardDate: true });
  if (!result) return null;
  const timed = result.start.isCertain("hour") || TIME_OF_DAY.test([...result.tags()].join(" "));
  let start: Date, end: Date | undefined;
  try {
    start = read(result.start, result, timed, reference, options);
    end = result.end ? read(result.end, result, timed, reference, options) : undefined;
  } catch (err) {
    if (err instanceof RangeError) return null; // past what a Date holds
    throw err;
  }
  // "In 270000 years" is not a date anyone plans: outside years 1–9999 (what ISO 8601 text
  // holds without a sign) nothing was found.
  if (!inRange(start) || (end && !inRange(end))) return null;
  return {
    start,
    allDay: !timed,
    ...(end && end.getTime() > start.getTime() ? { end } : {}),
    text: result.text,
    index: result.index,
  };
}

/**
 * The first date in `text`, read in `locale` (German falls back to English, which many write
 * anyway) and resolved in `timeZone` from `now`; null when there is none. Weekdays and dates
 * without a year mean the next one ("Friday" on a Saturday is six days on). chrono-node (~10 MiB
 * with its locales) is loaded at the first date read, not at start.
 */
export async function parseWhen(text: string, options: WhenOptions): Promise<When | null> {
  const chrono = await import("chrono-node");
  if (options.locale === "de") {
    return parseIn(chrono.de, text, options) ?? parseIn(chrono.en, text, options);
  }
  return parseIn(chrono.en, text, options);
}
