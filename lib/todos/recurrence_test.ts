import assert from "node:assert/strict";
import rrule from "rrule";
import { checkRule, nextOccurrence, RULE_MESSAGES } from "./recurrence.ts";
import { fromFloating, zonedParts } from "../dates/zones.ts";
import { floating } from "./time.ts";

const { RRule } = rrule;

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => ms === null ? null : new Date(ms).toISOString();

/** The series from `start` in `zone`: each next occurrence in turn, `steps` of them. */
function series(rule: string, start: string, zone: string, steps: number): (string | null)[] {
  const out: (string | null)[] = [];
  let current: number | null = at(start);
  for (let i = 0; i < steps && current !== null; i++) {
    current = nextOccurrence(checkRuleOk(rule), at(start), current, zone);
    out.push(iso(current));
  }
  return out;
}

function checkRuleOk(rule: string): string {
  const checked = checkRule(rule);
  assert.ok("rule" in checked, `${rule}: ${JSON.stringify(checked)}`);
  return checked.rule;
}

Deno.test("recurrence - next occurrences keep the wall time across DST, month ends and leap days", () => {
  const table: [string, string, string, string, (string | null)[]][] = [
    // Berlin springs forward on 2026-03-29 (CET +1 → CEST +2): 9:00 stays 9:00.
    ["daily 9:00 Berlin, spring", "FREQ=DAILY", "2026-03-28T08:00:00Z", "Europe/Berlin", [
      "2026-03-29T07:00:00.000Z",
      "2026-03-30T07:00:00.000Z",
    ]],
    // … and falls back on 2026-10-25.
    ["daily 9:00 Berlin, autumn", "FREQ=DAILY", "2026-10-24T07:00:00Z", "Europe/Berlin", [
      "2026-10-25T08:00:00.000Z",
      "2026-10-26T08:00:00.000Z",
    ]],
    // 2:30 does not exist in Berlin on 2026-03-29: that day it is 3:30, then 2:30 again.
    ["daily 2:30 Berlin, the gap", "FREQ=DAILY", "2026-03-28T01:30:00Z", "Europe/Berlin", [
      "2026-03-29T01:30:00.000Z",
      "2026-03-30T00:30:00.000Z",
    ]],
    // 2:30 happens twice in Berlin on 2026-10-25: the first one (still summer time).
    ["daily 2:30 Berlin, the overlap", "FREQ=DAILY", "2026-10-24T00:30:00Z", "Europe/Berlin", [
      "2026-10-25T00:30:00.000Z",
      "2026-10-26T01:30:00.000Z",
    ]],
    // New York springs forward on 2026-03-08 (EST -5 → EDT -4), falls back on 2026-11-01.
    ["daily 9:00 New York, spring", "FREQ=DAILY", "2026-03-07T14:00:00Z", "America/New_York", [
      "2026-03-08T13:00:00.000Z",
    ]],
    ["weekly 9:00 New York, autumn", "FREQ=WEEKLY", "2026-10-26T13:00:00Z", "America/New_York", [
      "2026-11-02T14:00:00.000Z",
    ]],
    // RFC 5545: a monthly rule on the 31st skips the months without one.
    ["monthly on Jan 31", "FREQ=MONTHLY", "2026-01-31T09:00:00Z", "UTC", [
      "2026-03-31T09:00:00.000Z",
      "2026-05-31T09:00:00.000Z",
      "2026-07-31T09:00:00.000Z",
    ]],
    // A yearly rule on Feb 29 waits for the next leap year.
    ["yearly on Feb 29", "FREQ=YEARLY", "2028-02-29T09:00:00Z", "UTC", [
      "2032-02-29T09:00:00.000Z",
    ]],
    // An all-day due (midnight in its zone) stays midnight across DST.
    [
      "every 2 weeks, all day, New York",
      "FREQ=WEEKLY;INTERVAL=2",
      "2026-02-27T05:00:00Z",
      "America/New_York",
      [
        "2026-03-13T04:00:00.000Z",
        "2026-03-27T04:00:00.000Z",
      ],
    ],
    ["Mondays and Wednesdays", "FREQ=WEEKLY;BYDAY=MO,WE", "2026-03-02T08:00:00Z", "Europe/Berlin", [
      "2026-03-04T08:00:00.000Z",
      "2026-03-09T08:00:00.000Z",
    ]],
    ["the last Friday of the month", "FREQ=MONTHLY;BYDAY=-1FR", "2026-01-30T17:00:00Z", "UTC", [
      "2026-02-27T17:00:00.000Z",
    ]],
    // COUNT counts from the series' start and ends it.
    ["three times", "FREQ=DAILY;COUNT=3", "2026-01-01T08:00:00Z", "Europe/Berlin", [
      "2026-01-02T08:00:00.000Z",
      "2026-01-03T08:00:00.000Z",
      null,
    ]],
    // UNTIL as a date includes that whole day in the todo's zone …
    ["until a day", "FREQ=DAILY;UNTIL=20260103", "2026-01-01T08:00:00Z", "Europe/Berlin", [
      "2026-01-02T08:00:00.000Z",
      "2026-01-03T08:00:00.000Z",
      null,
    ]],
    // … and as a UTC instant ends there (inclusive).
    [
      "until an instant",
      "FREQ=DAILY;UNTIL=20260102T080000Z",
      "2026-01-01T08:00:00Z",
      "Europe/Berlin",
      [
        "2026-01-02T08:00:00.000Z",
        null,
      ],
    ],
  ];
  for (const [name, rule, start, zone, want] of table) {
    assert.deepEqual(series(rule, start, zone, want.length), want, name);
  }
});

Deno.test("recurrence - a todo completed late moves to the occurrence after its due, not after now", () => {
  const rule = checkRuleOk("FREQ=MONTHLY");
  const start = at("2026-01-15T09:00:00Z");
  assert.equal(
    iso(nextOccurrence(rule, start, at("2026-03-15T09:00:00Z"), "UTC")),
    "2026-04-15T09:00:00.000Z",
  );
});

Deno.test("recurrence - rules are checked part by part, and stored in one form", () => {
  assert.deepEqual(checkRule(" rrule:freq=weekly;byday=mo,we "), {
    rule: "FREQ=WEEKLY;BYDAY=MO,WE",
  });
  assert.deepEqual(checkRule("FREQ=YEARLY;INTERVAL=1000;COUNT=2"), {
    rule: "FREQ=YEARLY;INTERVAL=1000;COUNT=2",
  });
  const bad: [string, string][] = [
    ["FREQ=HOURLY", RULE_MESSAGES.freq],
    ["FREQ=MINUTELY;INTERVAL=5", RULE_MESSAGES.freq],
    ["FREQ=SECONDLY", RULE_MESSAGES.freq],
    ["FREQ=DAILY;INTERVAL=1001", RULE_MESSAGES.interval],
    ["FREQ=DAILY;INTERVAL=0", RULE_MESSAGES.interval],
    ["FREQ=DAILY;INTERVAL=abc", RULE_MESSAGES.interval],
    ["", RULE_MESSAGES.invalid],
    ["INTERVAL=2", RULE_MESSAGES.invalid],
    ["FREQ=FORTNIGHTLY", RULE_MESSAGES.invalid],
    ["FREQ=DAILY;COUNT=2;UNTIL=20260101", RULE_MESSAGES.invalid],
    ["FREQ=DAILY;COUNT=0", RULE_MESSAGES.invalid],
    ["FREQ=DAILY;COUNT=1001", RULE_MESSAGES.invalid],
    ["FREQ=DAILY;UNTIL=20260230", RULE_MESSAGES.invalid],
    ["FREQ=DAILY;UNTIL=tomorrow", RULE_MESSAGES.invalid],
    ["FREQ=DAILY;BYHOUR=9,10", RULE_MESSAGES.invalid],
    ["FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", RULE_MESSAGES.invalid],
    ["FREQ=WEEKLY;BYDAY=2MO", RULE_MESSAGES.invalid],
    // Every 7th day on Mondays matches nothing when it starts on another day: WEEKLY says it.
    ["FREQ=DAILY;INTERVAL=7;BYDAY=MO", RULE_MESSAGES.invalid],
    ["FREQ=MONTHLY;BYDAY=6MO", RULE_MESSAGES.invalid],
    ["FREQ=DAILY;FREQ=WEEKLY", RULE_MESSAGES.invalid],
    ["FREQ=DAILY\nDTSTART:20260101T000000Z", RULE_MESSAGES.invalid],
    ["DTSTART=20260101;FREQ=DAILY", RULE_MESSAGES.invalid],
  ];
  for (const [rule, error] of bad) assert.deepEqual(checkRule(rule), { error }, rule);
});

Deno.test("recurrence - stepping from each occurrence gives the series rrule expands from the start", () => {
  const rules = [
    "FREQ=DAILY;INTERVAL=3",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE,SU",
    "FREQ=WEEKLY;WKST=SU;INTERVAL=2;BYDAY=SA,SU",
    "FREQ=MONTHLY",
    "FREQ=MONTHLY;INTERVAL=2;BYDAY=-1FR",
    "FREQ=MONTHLY;BYDAY=1MO,3MO",
    "FREQ=YEARLY",
    "FREQ=YEARLY;BYDAY=20MO",
  ];
  const zone = "Europe/Berlin";
  const start = at("2024-01-31T01:30:00Z"); // 2:30 in Berlin, which a DST gap skips each March
  for (const rule of rules) {
    const options = RRule.parseString(rule);
    const all = new RRule({ ...options, dtstart: new Date(floating(zonedParts(start, zone))) })
      .all((_, i) => i < 40).map((d) => iso(fromFloating(d.getTime(), zone)));
    // rrule's series starts with DTSTART only when DTSTART matches the rule; ours steps from it.
    const from = all[0] === iso(start) ? all.slice(1) : all;
    const stepped: (string | null)[] = [];
    let current: number | null = start;
    while (stepped.length < from.length && current !== null) {
      current = nextOccurrence(rule, start, current, zone);
      stepped.push(iso(current));
    }
    assert.deepEqual(stepped, from, rule);
  }
});
