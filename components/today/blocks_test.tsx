import assert from "node:assert/strict";
import { renderToString } from "preact-render-to-string";
import { translator } from "../../lib/i18n/mod.ts";
import type { Occurrence } from "../../lib/events/types.ts";
import { BriefingBlock, EventsBlock } from "./blocks.tsx";
import { eventOrder, eventTime, memoExcerpt, todoDue } from "./format.ts";
import type { Todo } from "../../lib/todos/types.ts";

const t = translator("en");
const briefing = (date: string, text: string) => ({
  id: "b1",
  date,
  text,
  createdAt: "2026-03-11T06:00:00.000Z",
});

Deno.test("today blocks - the briefing is Markdown made safe, and only today's is shown", () => {
  const text = "## Morning\n\n**Two** things: <script>alert(1)</script> [x](javascript:alert(2))";
  const html = renderToString(
    <BriefingBlock briefing={briefing("2026-03-11", text)} date="2026-03-11" t={t} />,
  );
  assert.match(html, /<h2 id="today-briefing">Briefing<\/h2>/);
  assert.match(html, /<strong>Two<\/strong>/);
  assert.match(html, /&lt;script&gt;/);
  assert.doesNotMatch(html, /<script|href="javascript:/);
  // Yesterday's briefing says nothing true about today; none yet says nothing at all.
  assert.equal(
    renderToString(
      <BriefingBlock briefing={briefing("2026-03-10", text)} date="2026-03-11" t={t} />,
    ),
    "",
  );
  assert.equal(renderToString(<BriefingBlock briefing={null} date="2026-03-11" t={t} />), "");
});

const occurrence = (title: string, start: string, end: string, allDay = false): Occurrence => ({
  eventId: title,
  title,
  start,
  end,
  allDay,
  location: "",
  timeZone: "UTC",
  recurring: false,
});

Deno.test("today format - events all-day first, times in the profile's zone, across midnight", () => {
  const late = occurrence("Late", "2026-03-10T23:15:00Z", "2026-03-10T23:45:00Z");
  const night = occurrence("Night", "2026-03-10T22:00:00Z", "2026-03-11T01:00:00Z");
  const day = occurrence("Holiday", "2026-03-11", "2026-03-12", true);
  assert.deepEqual(eventOrder([late, night, day]).map((e) => e.title), [
    "Holiday",
    "Night",
    "Late",
  ]);
  const zone = "Europe/Berlin";
  assert.match(eventTime(late, "2026-03-11", "en", zone), /^12:15\s–\s12:45\sAM$/);
  // Began the evening before: each end says its day.
  assert.match(eventTime(night, "2026-03-11", "en", zone), /^Tue 11:00\sPM\s–\sWed 2:00\sAM$/);
  assert.equal(eventTime(late, "2026-03-11", "de", zone), "00:15–00:45 Uhr");
  const html = renderToString(
    <EventsBlock
      events={{ items: [late, day], total: 2 }}
      date="2026-03-11"
      timeZone={zone}
      locale="en"
      t={t}
    />,
  );
  assert.match(html, /All day[\s\S]*Holiday[\s\S]*Late/);
  assert.doesNotMatch(html, /more/);
});

Deno.test("today format - a todo's due: the time alone today, the day otherwise", () => {
  const todo = (due: string, dueAllDay = false) =>
    ({ due, dueAllDay, timeZone: "Europe/Berlin" }) as Todo;
  const zone = "Europe/Berlin";
  assert.match(todoDue(todo("2026-03-11T08:00:00Z"), "2026-03-11", "en", zone), /^9:00\sAM$/);
  assert.match(
    todoDue(todo("2026-03-10T19:00:00Z"), "2026-03-11", "en", zone),
    /^Tue, Mar 10, 8:00\sPM$/,
  );
  // An all-day due is stored as its day's first instant in its zone (23:00 UTC the day before).
  assert.equal(todoDue(todo("2026-03-10T23:00:00Z", true), "2026-03-11", "en", zone), "");
  assert.equal(
    todoDue(todo("2026-03-09T23:00:00Z", true), "2026-03-11", "en", zone),
    "Tue, Mar 10",
  );
});

Deno.test("today format - a memo's excerpt is its plain words, cut on one line", () => {
  assert.equal(
    memoExcerpt("# Title\n\n- **bold** and [a link](http://x)\n`code`"),
    "Title bold and a link code",
  );
  assert.equal(memoExcerpt("word ".repeat(100), 20), "word word word word…");
});
