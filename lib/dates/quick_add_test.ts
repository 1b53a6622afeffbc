import assert from "node:assert/strict";
import type { DateLocale } from "./parse.ts";
import { type QuickAdd, quickAdd } from "./quick_add.ts";

/** Saturday 28 March 2026, 13:00 in Berlin; Berlin changes to summer time on Sunday. */
const now = new Date("2026-03-28T12:00:00Z");
const read = (text: string, locale: DateLocale = "en") =>
  quickAdd(text, { timeZone: "Europe/Berlin", locale, now });
const plain = (q: QuickAdd) => ({ ...q, due: q.due?.toISOString() });

Deno.test("quickAdd - title, due, tags and priority from one line", async () => {
  const table: [DateLocale, string, Record<string, unknown>][] = [
    ["en", "buy milk tomorrow 9am #shop !high", {
      title: "buy milk",
      due: "2026-03-29T07:00:00.000Z",
      allDay: false,
      tags: ["shop"],
      priority: "high",
    }],
    ["de", "Milch kaufen morgen 9 Uhr #einkauf", {
      title: "Milch kaufen",
      due: "2026-03-29T07:00:00.000Z",
      allDay: false,
      tags: ["einkauf"],
    }],
    ["en", "call mum on Friday !!", {
      title: "call mum",
      due: "2026-04-02T22:00:00.000Z",
      allDay: true,
      tags: [],
      priority: "medium",
    }],
    ["en", "pay rent by next Monday, !!!", {
      title: "pay rent",
      due: "2026-03-29T22:00:00.000Z",
      allDay: true,
      tags: [],
      priority: "high",
    }],
    ["de", "#Garten Rasen mähen !niedrig nächsten Freitag 15 Uhr #garten #Haus", {
      title: "Rasen mähen",
      due: "2026-04-03T13:00:00.000Z",
      allDay: false,
      tags: ["garten", "haus"],
      priority: "low",
    }],
    ["en", "  fix   the   bike  ", { title: "fix the bike", tags: [], due: undefined }],
    ["en", "email Bob! about C# #work !", {
      title: "email Bob! about C#",
      tags: ["work"],
      priority: "low",
      due: undefined,
    }],
    ["en", "tomorrow", {
      title: "tomorrow",
      due: "2026-03-28T23:00:00.000Z",
      allDay: true,
      tags: [],
    }],
  ];
  for (const [locale, text, want] of table) {
    assert.deepEqual(plain(await read(text, locale)), want, text);
  }
});

Deno.test("quickAdd - the first priority wins; a bang inside a word is text", async () => {
  assert.equal((await read("a !low !high")).priority, "low");
  assert.equal((await read("wow!! great")).priority, undefined);
  assert.equal((await read("wow!! great")).title, "wow!! great");
});
