import assert from "node:assert/strict";
import { resolveWhen } from "./when.ts";

// Wednesday 2026-03-04, 10:30 in Berlin (09:30 UTC).
const now = new Date("2026-03-04T09:30:00Z");
const at = async (text: string, locale: "en" | "de" = "en") =>
  (await resolveWhen(text, { timeZone: "Europe/Berlin", locale, now }))?.start.toISOString();

Deno.test("when - a bare hour from 1 to 7 is the evening", async () => {
  assert.equal(await at("remind me to call mum tomorrow at 6"), "2026-03-05T17:00:00.000Z");
  assert.equal(await at("morgen um 6", "de"), "2026-03-05T17:00:00.000Z");
});

Deno.test("when - am, minutes, a 24-hour time or a time-of-day word keep what was said", async () => {
  assert.equal(await at("tomorrow at 6am"), "2026-03-05T05:00:00.000Z");
  assert.equal(await at("tomorrow at 6:00"), "2026-03-05T05:00:00.000Z");
  assert.equal(await at("tomorrow at 18"), "2026-03-05T17:00:00.000Z");
  assert.equal(await at("tomorrow at 6 in the morning"), "2026-03-05T05:00:00.000Z");
  assert.equal(await at("tomorrow at 9"), "2026-03-05T08:00:00.000Z");
});

Deno.test("when - a bare hour already past today is tonight", async () => {
  assert.equal(await at("today at 9"), "2026-03-04T20:00:00.000Z");
  assert.equal(await at("today at 11"), "2026-03-04T10:00:00.000Z");
});

Deno.test("when - a day without a time stays all day, and no date is null", async () => {
  const when = await resolveWhen("next friday", { timeZone: "Europe/Berlin", locale: "en", now });
  assert.equal(when?.allDay, true);
  assert.equal(await resolveWhen("buy milk", { timeZone: "UTC", locale: "en", now }), null);
});

Deno.test("when - an English page still reads German words", async () => {
  assert.equal(await at("morgen um 6"), "2026-03-05T17:00:00.000Z");
});
