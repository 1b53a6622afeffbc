/** `GET /api/today`: the asking profile's day in its own zone, near local midnight. */
import assert from "node:assert/strict";
import type { Today } from "../lib/today/types.ts";
import { json } from "./helpers/admin.ts";
import { expectError, testApp } from "./helpers/app.ts";
import { type Member, member } from "./helpers/profile.ts";

/** 00:30 on March 11th in Berlin (CET, +1), while it is still March 10th in UTC. */
const NOW = Date.parse("2026-03-10T23:30:00Z");

async function post<T = { id: string }>(who: Member, path: string, body: unknown): Promise<T> {
  const res = await who.fetch(path, json("POST", body));
  assert.equal(res.status, 201, await res.clone().text());
  return await res.json();
}

async function todo(who: Member, title: string, due?: string, extra = {}) {
  return await post(who, "/api/todos", { title, due, timeZone: "Europe/Berlin", ...extra });
}

async function event(who: Member, title: string, start: string, end: string, rrule?: string) {
  return await post(who, "/api/events", {
    title,
    start,
    end,
    timeZone: "Europe/Berlin",
    ...(rrule && { rrule }),
  });
}

async function list(who: Member, name: string, shared: boolean, items: string[]) {
  const made = await post(who, "/api/lists", { name, kind: "shopping", shared });
  const added = await post<{ items: { id: string }[] }>(who, `/api/lists/${made.id}/items`, {
    items: items.map((text) => ({ text })),
  });
  return { id: made.id, items: added.items };
}

Deno.test("today api - a Berlin profile's day just after local midnight", async () => {
  await using app = await testApp();
  app.services.now = () => NOW;
  const ann = await member(app, "Ann");
  const bob = await member(app, "Bob");
  const zone = await ann.fetch("/api/me", json("PATCH", { timeZone: "Europe/Berlin" }));
  assert.equal(zone.status, 200);
  await zone.body?.cancel();

  // Todos: two overdue (one all-day yesterday, the UTC day), two due today, the rest not.
  await todo(ann, "Tomorrow morning", "2026-03-12T09:00");
  await todo(ann, "Today 9:00", "2026-03-11T09:00");
  await todo(ann, "Today, all day", "2026-03-11");
  await todo(ann, "Yesterday, all day", "2026-03-10");
  await todo(ann, "Yesterday 20:00", "2026-03-10T20:00");
  await todo(ann, "Just after midnight tomorrow", "2026-03-12T00:30");
  await todo(ann, "Done today", "2026-03-11T10:00", { status: "done" });
  await todo(ann, "No due");
  await todo(bob, "Bob's today", "2026-03-11T09:00");

  // Events: a daily series from last month, one that starts after local midnight (still the
  // 10th in UTC), yesterday evening, tomorrow, and Bob's.
  await event(ann, "Standup", "2026-02-10T08:00:00Z", "2026-02-10T08:15:00Z", "FREQ=DAILY");
  await event(ann, "Late call", "2026-03-10T23:15:00Z", "2026-03-10T23:45:00Z");
  await event(ann, "Yesterday evening", "2026-03-10T21:00:00Z", "2026-03-10T22:00:00Z");
  await event(ann, "Dentist", "2026-03-12T10:00:00Z", "2026-03-12T11:00:00Z");
  await event(bob, "Bob's meeting", "2026-03-11T10:00:00Z", "2026-03-11T11:00:00Z");

  // Memos: one pinned, seven others (the newest five show), and Bob's.
  await post(ann, "/api/memos", { title: "Wifi", body: "hunter2", pinned: true });
  for (let i = 1; i <= 7; i++) await post(ann, "/api/memos", { title: `Note ${i}`, body: "…" });
  await post(bob, "/api/memos", { title: "Bob's pinned", body: "…", pinned: true });

  // Lists: Bob's shared one (one item ticked), Bob's private one, Ann's own private one, and
  // Ann's list with nothing left to do.
  const groceries = await list(bob, "Groceries", true, ["Milk", "Bread", "Eggs"]);
  const tick = await ann.fetch(
    `/api/lists/${groceries.id}/items/${groceries.items[1].id}`,
    json("PATCH", { done: true }),
  );
  assert.equal(tick.status, 200);
  await tick.body?.cancel();
  await list(bob, "Bob's secret", false, ["Present for Ann"]);
  await list(ann, "Packing", false, ["Passport"]);
  const done = await list(ann, "Done", false, ["Nothing"]);
  const tickDone = await ann.fetch(
    `/api/lists/${done.id}/items/${done.items[0].id}`,
    json("PATCH", { done: true }),
  );
  await tickDone.body?.cancel();

  const res = await ann.fetch("/api/today");
  assert.equal(res.status, 200, await res.clone().text());
  const day: Today = await res.json();
  assert.deepEqual(
    [day.date, day.timeZone, day.from, day.to],
    ["2026-03-11", "Europe/Berlin", "2026-03-10T23:00:00.000Z", "2026-03-11T23:00:00.000Z"],
  );
  const titles = (xs: { title: string }[]) => xs.map((x) => x.title);
  assert.deepEqual(titles(day.overdue.items), ["Yesterday, all day", "Yesterday 20:00"]);
  assert.equal(day.overdue.total, 2);
  assert.deepEqual(titles(day.dueToday.items), ["Today, all day", "Today 9:00"]);
  assert.equal(day.dueToday.total, 2);
  assert.deepEqual(
    day.events.items.map((o) => [o.title, o.start, o.recurring]),
    [["Late call", "2026-03-10T23:15:00.000Z", false], [
      "Standup",
      "2026-03-11T08:00:00.000Z",
      true,
    ]],
  );
  assert.equal(day.events.total, 2);
  assert.deepEqual(titles(day.pinnedMemos), ["Wifi"]);
  assert.deepEqual(titles(day.recentMemos), ["Note 7", "Note 6", "Note 5", "Note 4", "Note 3"]);
  assert.deepEqual(
    day.lists.items.map((l) => [l.list.name, l.list.mine, l.list.open, l.items.map((i) => i.text)]),
    [["Groceries", false, 2, ["Milk", "Eggs"]], ["Packing", true, 1, ["Passport"]]],
  );
  assert.equal(day.lists.total, 2);
  assert.equal(day.briefing, null);
  assert.ok(!JSON.stringify(day).includes("Bob's"), "nothing of Bob's but his shared list");
});

Deno.test("today api - the day follows the clock and the profile's zone", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  await (await ann.fetch("/api/me", json("PATCH", { timeZone: "America/New_York" }))).body
    ?.cancel();
  await todo(ann, "Call", "2026-03-10T20:00:00Z");
  // 19:30 on March 10th in New York (EDT since March 8th, -4): the todo is due today at 16:00,
  // already overdue; in Berlin at the same instant it would be March 11th.
  app.services.now = () => NOW;
  const ny: Today = await (await ann.fetch("/api/today")).json();
  assert.deepEqual([ny.date, ny.from], ["2026-03-10", "2026-03-10T04:00:00.000Z"]);
  assert.deepEqual(ny.overdue.items.map((t) => t.title), ["Call"]);
  // That morning (08:00 in New York) it is due later today.
  app.services.now = () => Date.parse("2026-03-10T12:00:00Z");
  const morning: Today = await (await ann.fetch("/api/today")).json();
  assert.deepEqual(morning.dueToday.items.map((t) => t.title), ["Call"]);
  assert.equal(morning.overdue.total, 0);
});

Deno.test("today api - needs a profile", async () => {
  await using app = await testApp();
  await expectError(await app.api("/api/today"), 401, "profile_required");
});
