import assert from "node:assert/strict";
import { type DateLocale, parseWhen } from "./parse.ts";

const B = "Europe/Berlin";
const NY = "America/New_York";

/** Saturday 28 March 2026, 13:00 in Berlin (CET; CEST from Sunday 02:00), 08:00 in New York (EDT). */
const BEFORE_BERLIN = new Date("2026-03-28T12:00:00Z");
/** Saturday 7 March 2026, 12:00 in New York (EST; EDT from Sunday 02:00), 18:00 in Berlin (CET). */
const BEFORE_NEW_YORK = new Date("2026-03-07T17:00:00Z");

type Row = [DateLocale, string, Date, berlin: string, newYork: string, allDay: boolean];

const TABLE: Row[] = [
  // The day after each change: Berlin summer time (07:00Z), New York still summer time.
  [
    "en",
    "tomorrow 9am",
    BEFORE_BERLIN,
    "2026-03-29T07:00:00.000Z",
    "2026-03-29T13:00:00.000Z",
    false,
  ],
  [
    "de",
    "morgen um 9",
    BEFORE_BERLIN,
    "2026-03-29T07:00:00.000Z",
    "2026-03-29T13:00:00.000Z",
    false,
  ],
  [
    "en",
    "next Friday 3pm",
    BEFORE_BERLIN,
    "2026-04-03T13:00:00.000Z",
    "2026-04-03T19:00:00.000Z",
    false,
  ],
  [
    "de",
    "nächsten Freitag 15 Uhr",
    BEFORE_BERLIN,
    "2026-04-03T13:00:00.000Z",
    "2026-04-03T19:00:00.000Z",
    false,
  ],
  // All day: local midnight of 11 April.
  [
    "en",
    "in two weeks",
    BEFORE_BERLIN,
    "2026-04-10T22:00:00.000Z",
    "2026-04-11T04:00:00.000Z",
    true,
  ],
  [
    "de",
    "in zwei Wochen",
    BEFORE_BERLIN,
    "2026-04-10T22:00:00.000Z",
    "2026-04-11T04:00:00.000Z",
    true,
  ],
  // New York changes on 8 March; Berlin is still on winter time (08:00Z).
  [
    "en",
    "tomorrow 9am",
    BEFORE_NEW_YORK,
    "2026-03-08T08:00:00.000Z",
    "2026-03-08T13:00:00.000Z",
    false,
  ],
  [
    "de",
    "morgen um 9",
    BEFORE_NEW_YORK,
    "2026-03-08T08:00:00.000Z",
    "2026-03-08T13:00:00.000Z",
    false,
  ],
  [
    "en",
    "next Friday 3pm",
    BEFORE_NEW_YORK,
    "2026-03-13T14:00:00.000Z",
    "2026-03-13T19:00:00.000Z",
    false,
  ],
  [
    "de",
    "nächsten Freitag 15 Uhr",
    BEFORE_NEW_YORK,
    "2026-03-13T14:00:00.000Z",
    "2026-03-13T19:00:00.000Z",
    false,
  ],
  [
    "en",
    "in two weeks",
    BEFORE_NEW_YORK,
    "2026-03-20T23:00:00.000Z",
    "2026-03-21T04:00:00.000Z",
    true,
  ],
  [
    "de",
    "in zwei Wochen",
    BEFORE_NEW_YORK,
    "2026-03-20T23:00:00.000Z",
    "2026-03-21T04:00:00.000Z",
    true,
  ],
  // "Today" is Saturday 7 March in both zones; all day starts at its local midnight.
  ["en", "today", BEFORE_NEW_YORK, "2026-03-06T23:00:00.000Z", "2026-03-07T05:00:00.000Z", true],
  [
    "de",
    "heute um 20 Uhr",
    BEFORE_NEW_YORK,
    "2026-03-07T19:00:00.000Z",
    "2026-03-08T01:00:00.000Z",
    false,
  ],
];

Deno.test("parseWhen - English and German phrases in Berlin and New York across DST", async () => {
  for (const [locale, text, now, berlin, newYork, allDay] of TABLE) {
    for (const [zone, want] of [[B, berlin], [NY, newYork]]) {
      const got = await parseWhen(text, { timeZone: zone, locale, now });
      assert.ok(got, `${text} in ${zone}: nothing found`);
      assert.equal(got.start.toISOString(), want, `${text} in ${zone} from ${now.toISOString()}`);
      assert.equal(got.allDay, allDay, `${text} allDay`);
      assert.equal(got.text, text);
    }
  }
});

Deno.test("parseWhen - the day is the profile's, not the server's", async () => {
  // 23:30Z on Saturday is already Sunday 00:30 in Berlin: "tomorrow" is Monday there.
  const now = new Date("2026-03-28T23:30:00Z");
  const berlin = (await parseWhen("tomorrow 9am", { timeZone: B, locale: "en", now }))!;
  assert.equal(berlin.start.toISOString(), "2026-03-30T07:00:00.000Z");
  const newYork = (await parseWhen("tomorrow 9am", { timeZone: NY, locale: "en", now }))!;
  assert.equal(newYork.start.toISOString(), "2026-03-29T13:00:00.000Z");
});

Deno.test("parseWhen - a span of hours counts real time across the change", async () => {
  // 01:30 CET; three hours later the clocks say 05:30 CEST (03:30Z), not 04:30.
  const now = new Date("2026-03-29T00:30:00Z");
  const got = (await parseWhen("in 3 hours", { timeZone: B, locale: "en", now }))!;
  assert.equal(got.start.toISOString(), "2026-03-29T03:30:00.000Z");
  assert.equal(got.allDay, false);
  const de = (await parseWhen("in 2 Stunden", { timeZone: B, locale: "de", now }))!;
  assert.equal(de.start.toISOString(), "2026-03-29T02:30:00.000Z");
});

Deno.test("parseWhen - a wall time in the spring-forward gap moves forward", async () => {
  const got =
    (await parseWhen("tomorrow at 2:30am", { timeZone: B, locale: "en", now: BEFORE_BERLIN }))!;
  assert.equal(got.start.toISOString(), "2026-03-29T01:30:00.000Z"); // 03:30 CEST
});

Deno.test("parseWhen - ranges, explicit zones, the words and where they are", async () => {
  const range = (await parseWhen("dentist from 3pm to 5pm tomorrow", {
    timeZone: B,
    locale: "en",
    now: BEFORE_BERLIN,
  }))!;
  assert.equal(range.start.toISOString(), "2026-03-29T13:00:00.000Z");
  assert.equal(range.end?.toISOString(), "2026-03-29T15:00:00.000Z");
  assert.equal(range.text, "from 3pm to 5pm tomorrow");
  assert.equal(range.index, 8);
  const est = (await parseWhen("call at 3pm EST tomorrow", {
    timeZone: B,
    locale: "en",
    now: BEFORE_BERLIN,
  }))!;
  assert.equal(est.start.toISOString(), "2026-03-29T20:00:00.000Z");
  const evening =
    (await parseWhen("heute Abend", { timeZone: B, locale: "de", now: BEFORE_BERLIN }))!;
  assert.equal(evening.allDay, false);
});

Deno.test("parseWhen - German falls back to English; nothing found is null", async () => {
  const got = (await parseWhen("tomorrow 9am", { timeZone: B, locale: "de", now: BEFORE_BERLIN }))!;
  assert.equal(got.start.toISOString(), "2026-03-29T07:00:00.000Z");
  assert.equal(
    await parseWhen("buy milk", { timeZone: B, locale: "en", now: BEFORE_BERLIN }),
    null,
  );
  assert.equal(
    await parseWhen("Milch kaufen", { timeZone: B, locale: "de", now: BEFORE_BERLIN }),
    null,
  );
  assert.equal(
    await parseWhen("February 30", { timeZone: B, locale: "en", now: BEFORE_BERLIN }),
    null,
  );
});

Deno.test("parseWhen - a date past years 1–9999 is no date, never a crash", async () => {
  const options = { timeZone: B, locale: "en" as const, now: BEFORE_BERLIN };
  for (
    const text of ["in 270000 years", "in 280000 years", "in 5000000 weeks", "in 9999999 days"]
  ) {
    assert.equal(await parseWhen(text, options), null, text);
  }
  assert.equal((await parseWhen("in 3000 years", options))?.start.getUTCFullYear(), 5026);
});

Deno.test("parseWhen - the server's own zone changes nothing", async () => {
  const code = `
    import { parseWhen } from ${JSON.stringify(new URL("./parse.ts", import.meta.url).href)};
    const now = new Date(${JSON.stringify(BEFORE_BERLIN.toISOString())});
    const out = await Promise.all(["tomorrow 9am", "next Friday 3pm", "in two weeks", "tonight"].map(
      async (t) =>
        (await parseWhen(t, { timeZone: "Europe/Berlin", locale: "en", now }))?.start.toISOString(),
    ));
    console.log(JSON.stringify(out));
  `;
  const here = await Promise.all(
    ["tomorrow 9am", "next Friday 3pm", "in two weeks", "tonight"].map(async (t) =>
      (await parseWhen(t, { timeZone: B, locale: "en", now: BEFORE_BERLIN }))?.start.toISOString()
    ),
  );
  for (const tz of ["Pacific/Kiritimati", "America/Los_Angeles"]) {
    const { code: status, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["eval", "--ext=ts", code],
      env: { TZ: tz },
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(status, 0, new TextDecoder().decode(stderr));
    assert.deepEqual(JSON.parse(new TextDecoder().decode(stdout)), here, tz);
  }
});
