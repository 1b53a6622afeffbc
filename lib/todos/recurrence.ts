/**
 * A todo's recurrence: an RFC 5545 RRULE, checked here part by part (so every rule Hearth stores
 * is one it understands and none repeats more often than daily), expanded by the `rrule` library
 * one occurrence at a time.
 *
 * The rule runs on wall-clock time: the series' first due and the current one are turned into
 * the wall time of the todo's zone, rrule finds the next wall time after the current one (month
 * ends and leap days as RFC 5545 says: a monthly rule on the 31st skips shorter months, a yearly
 * one on Feb 29 waits for the next leap year), and that wall time becomes an instant in the zone
 * again. So "every day at 9:00 Europe/Berlin" stays 9:00 in Berlin across DST. A rule without
 * COUNT or UNTIL never ends, which is fine here: completing a todo asks for one next occurrence.
 */
import { RRule } from "../dates/rrule.ts";
import { fromFloating, zonedParts } from "../dates/zones.ts";
import { floating, MAX_MS } from "./time.ts";

/** The schema's messages for a bad rule (each has a `validation.custom.*` sentence). */
export const RULE_MESSAGES = {
  invalid: "is not a recurrence rule (RFC 5545 RRULE) Hearth accepts",
  freq: "must repeat daily, weekly, monthly or yearly",
  interval: "must repeat at an interval of 1 to 1000",
} as const;

/** Longest INTERVAL and COUNT a rule may have. */
export const MAX_INTERVAL = 1000;
export const MAX_COUNT = 1000;

const FREQS = new Set(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]);
const TOO_OFTEN = new Set(["HOURLY", "MINUTELY", "SECONDLY"]);
const DAY = /^(MO|TU|WE|TH|FR|SA|SU)$/;
const BYDAY = /^([+-]?)(\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/;
const UNTIL = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/;

function realUntil(text: string): boolean {
  const m = UNTIL.exec(text);
  if (!m) return false;
  const [y, mo, d, h = "0", mi = "0", s = "0"] = m.slice(1).map((v) => v ?? undefined);
  const ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
  const back = new Date(ms);
  return +y >= 1970 && back.getUTCMonth() === +mo - 1 && back.getUTCDate() === +d && +h < 24 &&
    +mi < 60 && +s < 60 && ms <= MAX_MS;
}

/**
 * The rule in its stored form (upper case, no `RRULE:` prefix, parts in the given order), or the
 * message saying what is wrong with it.
 */
export function checkRule(input: string): { rule: string } | { error: string } {
  const text = input.trim().replace(/^RRULE:/i, "").toUpperCase();
  const invalid = { error: RULE_MESSAGES.invalid };
  if (!text || !/^[A-Z0-9=;,+-]+$/.test(text)) return invalid;
  const parts = new Map<string, string>();
  for (const part of text.split(";")) {
    const [key, value, extra] = part.split("=");
    if (!key || !value || extra !== undefined || parts.has(key)) return invalid;
    parts.set(key, value);
  }
  const freq = parts.get("FREQ");
  if (freq && TOO_OFTEN.has(freq)) return { error: RULE_MESSAGES.freq };
  if (!freq || !FREQS.has(freq)) return invalid;
  for (const [key, value] of parts) {
    switch (key) {
      case "FREQ":
        break;
      case "INTERVAL":
        if (!/^\d{1,7}$/.test(value) || +value < 1 || +value > MAX_INTERVAL) {
          return { error: RULE_MESSAGES.interval };
        }
        break;
      case "COUNT":
        if (!/^\d{1,5}$/.test(value) || +value < 1 || +value > MAX_COUNT) return invalid;
        break;
      case "UNTIL":
        if (!realUntil(value)) return invalid;
        break;
      case "WKST":
        if (!DAY.test(value)) return invalid;
        break;
      case "BYDAY": {
        const days = value.split(",");
        if (days.length > 20) return invalid;
        for (const day of days) {
          const m = BYDAY.exec(day);
          if (!m) return invalid;
          // An ordinal ("2MO", "-1FR") only within a month or a year (RFC 5545 3.3.10).
          // Daily with weekdays can match nothing (every 7th day, on Mondays): use WEEKLY.
          if (freq === "DAILY") return invalid;
          if (m[2] !== undefined) {
            const n = Number(m[2]);
            if (freq !== "MONTHLY" && freq !== "YEARLY") return invalid;
            if (n < 1 || n > (freq === "MONTHLY" ? 5 : 53)) return invalid;
          } else if (m[1]) return invalid;
        }
        break;
      }
      default:
        return invalid;
    }
  }
  if (parts.has("COUNT") && parts.has("UNTIL")) return invalid;
  try {
    RRule.parseString(text);
  } catch {
    return invalid;
  }
  return { rule: text };
}

/**
 * The due after `current` in the series of `rule` that began at `start`, both instants, reckoned
 * in `zone`; null when COUNT or UNTIL has ended the series. `rule` is a stored (checked) rule.
 *
 * rrule walks from DTSTART, so a long series would cost a step per past occurrence. Without
 * COUNT the walk starts at `current` instead (the day of the current occurrence at the series'
 * time of day): every checked rule repeats the same from any of its occurrences, so the answer is
 * the same. With COUNT (at most 1000) it walks from the start, to count.
 */
export function nextOccurrence(
  rule: string,
  start: number,
  current: number,
  zone: string,
): number | null {
  const options = RRule.parseString(rule);
  const first = zonedParts(start, zone);
  const now = zonedParts(current, zone);
  const dtstart = options.count ? floating(first) : floating({
    ...now,
    hour: first.hour,
    minute: first.minute,
    second: first.second,
  });
  let until: Date | null = null;
  const untilText = /(?:^|;)UNTIL=([^;]+)/.exec(rule)?.[1];
  if (untilText && options.until) {
    const at = options.until.getTime();
    if (untilText.endsWith("Z")) until = new Date(floating(zonedParts(at, zone)));
    // A date alone ends the series after that day; a time without Z is already wall time.
    else if (!untilText.includes("T")) until = new Date(at + 86_399_000);
    else until = options.until;
  }
  const next = new RRule({ ...options, dtstart: new Date(dtstart), until, tzid: null })
    .after(new Date(floating(now)), false);
  if (!next) return null;
  const ms = fromFloating(next.getTime(), zone);
  return ms > MAX_MS ? null : ms;
}
