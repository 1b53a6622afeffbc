/**
 * `/today` on the server, without JavaScript: the profile's day in its own zone (just after
 * local midnight, while UTC is still on the day before), each block with its links, the caps
 * said as "and N more", a clear day's empty state, and the quick add as a plain form.
 */
import assert from "node:assert/strict";
import { createEventSchema } from "../lib/events/schemas.ts";
import { createEvent } from "../lib/events/store.ts";
import { addItems, createList } from "../lib/lists/store.ts";
import { createMemoSchema } from "../lib/memos/schemas.ts";
import { createMemo } from "../lib/memos/store.ts";
import { createTodo, getTodo, listTodos } from "../lib/todos/store.ts";
import { testApp } from "./helpers/app.ts";
import { type Member, member } from "./helpers/profile.ts";

/** 00:30 on Wednesday March 11th in Berlin (CET, +1), while it is still March 10th in UTC. */
const NOW = Date.parse("2026-03-10T23:30:00Z");
const ZONE = "Europe/Berlin";
const HTML = { headers: { accept: "text/html" } };

async function setup() {
  const app = await testApp();
  app.services.now = () => NOW;
  const ann = await member(app, "Ann");
  const bob = await member(app, "Bob");
  const db = app.services.db.kysely;
  await db.updateTable("profiles").set({ time_zone: ZONE }).where("id", "=", ann.id).execute();
  const deps = { db, feeds: app.services.listFeeds };
  return { app, ann, bob, db, deps };
}

async function pageOf(who: Member, path = "/today", lang = "en") {
  const res = await who.fetch(path, { headers: { ...HTML.headers, "accept-language": lang } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /text\/html/);
  return await res.text();
}

/** The HTML of the block (`<section class="today-block … name…">`), or "" when there is none. */
function block(html: string, name: string): string {
  const at = html.search(new RegExp(`class="today-block [^"]*\\b${name}\\b`));
  if (at < 0) return "";
  return html.slice(at, html.indexOf("</section>", at));
}

Deno.test("today page - each block in the profile's zone, only the profile's own and shared", async () => {
  const { app, ann, bob, db, deps } = await setup();
  await using _ = app;
  const todo = (who: string, title: string, due?: string, extra = {}) =>
    createTodo(db, who, { title, due, timeZone: ZONE, ...extra }, NOW);
  await todo(ann.id, "Yesterday 20:00", "2026-03-10T20:00", { priority: "high" });
  const nine = await todo(ann.id, "Today 9:00", "2026-03-11T09:00", { tags: ["home"] });
  await todo(ann.id, "Tomorrow", "2026-03-12T09:00");
  await todo(bob.id, "Bob's today", "2026-03-11T09:00");

  const event = (who: string, title: string, input: Record<string, unknown>) =>
    createEvent(db, who, createEventSchema.parse({ title, timeZone: ZONE, ...input }));
  // 23:15 UTC on the 10th is 00:15 on the 11th in Berlin.
  await event(ann.id, "Late call", {
    start: "2026-03-10T23:15:00Z",
    end: "2026-03-10T23:45:00Z",
    location: "Phone",
  });
  await event(ann.id, "Holiday", { start: "2026-03-11", end: "2026-03-12", allDay: true });
  await event(ann.id, "Yesterday evening", {
    start: "2026-03-10T21:00:00Z",
    end: "2026-03-10T22:00:00Z",
  });
  await event(bob.id, "Bob's meeting", {
    start: "2026-03-11T10:00:00Z",
    end: "2026-03-11T11:00:00Z",
  });

  const wifi = await createMemo(
    db,
    ann.id,
    createMemoSchema.parse({ title: "Wifi", body: "The **guest** network", pinned: true }),
  );
  const idea = await createMemo(db, ann.id, createMemoSchema.parse({ body: "# Garden\nTomatoes" }));
  await createMemo(db, bob.id, createMemoSchema.parse({ title: "Bob's memo", body: "…" }));

  const groceries = await createList(db, bob.id, {
    name: "Groceries",
    kind: "shopping",
    shared: true,
  });
  const [milk] = await addItems(deps, bob.id, groceries.id, ["Milk", "Bread"]);
  const hidden = await createList(db, bob.id, {
    name: "Bob's gifts",
    kind: "other",
    shared: false,
  });
  await addItems(deps, bob.id, hidden.id, ["Bob's secret item"]);

  const html = await pageOf(ann);
  assert.match(html, /<title>Today · Hearth<\/title>/);
  assert.match(html, /<a href="\/today" class="nav-link" aria-current="page"/);
  assert.match(html, /Wednesday, March 11/, "the local day, not UTC's March 10th");

  const overdue = block(html, "overdue");
  assert.match(overdue, /Yesterday 20:00/);
  assert.match(overdue, /Tue, Mar 10, 8:00\sPM/);
  assert.match(overdue, /!high/);
  const due = block(html, "dueToday");
  assert.match(due, new RegExp(`id="t-${nine.id}"`));
  assert.match(due, /Today 9:00/);
  assert.match(due, />9:00\sAM</, "a time today is said without its day");
  assert.match(due, /#home/);
  assert.match(due, /type="checkbox"/);

  const events = block(html, "today-events");
  assert.match(
    events,
    /All day<\/span>[\s\S]*Holiday[\s\S]*12:15\s–\s12:45\sAM[\s\S]*Late call[\s\S]*Phone/,
    "all-day first, then by start, times in Berlin",
  );
  assert.match(events, /href="\/calendar\?date=2026-03-11"/);

  const memos = block(html, "today-memos");
  assert.match(memos, new RegExp(`href="/memos\\?m=${wifi.id}#m-${wifi.id}"`));
  assert.match(memos, /aria-label="Pinned"[\s\S]*Wifi[\s\S]*The guest network/);
  assert.match(
    memos,
    new RegExp(`href="/memos\\?m=${idea.id}#m-${idea.id}"[\\s\\S]*Garden Tomatoes`),
  );

  const lists = block(html, "today-lists");
  assert.match(lists, new RegExp(`href="/lists/${groceries.id}"`));
  assert.match(lists, new RegExp(`id="i-${milk.id}"[\\s\\S]*Milk`));
  assert.match(lists, /shared with the household/);

  for (const theirs of [/Tomorrow</, /Yesterday evening/, /Bob(&#x27;|&#39;|')s/]) {
    assert.doesNotMatch(html, theirs);
  }
  assert.doesNotMatch(html, /class="today-empty"/);
});

Deno.test("today page - beyond the caps, each block says how many more and where they are", async () => {
  const { app, ann, db, deps } = await setup();
  await using _ = app;
  for (let i = 0; i < 53; i++) {
    await createTodo(db, ann.id, { title: `Late ${i}`, due: "2026-03-09", timeZone: ZONE }, NOW);
  }
  for (let i = 0; i < 203; i++) {
    await createEvent(
      db,
      ann.id,
      createEventSchema.parse({
        title: `Slot ${i}`,
        start: "2026-03-11T08:00:00Z",
        end: "2026-03-11T08:05:00Z",
      }),
    );
  }
  const big = await createList(db, ann.id, { name: "Big", kind: "other", shared: false });
  await addItems(deps, ann.id, big.id, Array.from({ length: 54 }, (_, i) => `Thing ${i}`));
  for (let i = 0; i < 21; i++) {
    const list = await createList(db, ann.id, { name: `List ${i}`, kind: "other", shared: false });
    await addItems(deps, ann.id, list.id, ["One"]);
  }

  const html = await pageOf(ann);
  assert.match(block(html, "overdue"), /<a href="\/todos">and 3 more<\/a>/);
  assert.equal(block(html, "overdue").split('type="checkbox"').length - 1, 50);
  assert.match(block(html, "today-events"), /<a href="\/calendar\?date=2026-03-11">and 3 more</);
  const lists = block(html, "today-lists");
  assert.match(lists, new RegExp(`<a href="/lists/${big.id}">and 4 more</a>`));
  // 22 lists with open items, 20 shown.
  assert.match(lists, /<a href="\/lists">and 2 more<\/a>/);
});

Deno.test("today page - a clear day says so, in German too", async () => {
  const { app, ann, db } = await setup();
  await using _ = app;
  // A memo is not something to do: the day is still clear.
  await createMemo(db, ann.id, createMemoSchema.parse({ title: "Wifi", body: "…", pinned: true }));
  await createTodo(db, ann.id, { title: "Next week", due: "2026-03-18", timeZone: ZONE }, NOW);
  const html = await pageOf(ann);
  assert.match(html, /class="today-empty" role="status"[\s\S]*A clear day/);
  assert.equal(block(html, "overdue"), "");
  assert.equal(block(html, "today-events"), "");
  assert.match(html, /name="text"/, "the quick add is there to fill it");
  const de = await pageOf(ann, "/today", "de");
  assert.match(de, /Ein freier Tag/);
  assert.match(de, /Mittwoch, 11\. März/);
});

Deno.test("today page - the quick add works as a plain form, and a refused one keeps the text", async () => {
  const { app, ann, bob, db } = await setup();
  await using _ = app;
  const res = await ann.fetch("/today", {
    method: "POST",
    body: new URLSearchParams({ text: "buy milk tomorrow 9am #shop" }),
  });
  assert.equal(res.status, 303);
  const location = res.headers.get("location") ?? "";
  const id = location.match(/^\/today\?added=([\w-]+)$/)?.[1];
  assert.ok(id, location);
  const todo = await getTodo(db, ann.id, id);
  assert.equal(todo.title, "buy milk");
  assert.deepEqual(todo.tags, ["shop"]);
  assert.equal(todo.due, "2026-03-12T08:00:00.000Z", "9:00 tomorrow in Berlin");
  assert.equal(todo.timeZone, ZONE);
  assert.match(await pageOf(ann, location), /Added “buy milk” \(Thu, Mar 12, 9:00\sAM\)/);
  // Someone else's todo is never confirmed.
  const theirs = await pageOf(bob, location);
  assert.doesNotMatch(theirs, /class="today-notice"/);
  assert.match(theirs, /"added":null/);

  const empty = await ann.fetch("/today", {
    method: "POST",
    body: new URLSearchParams({ text: "#shop !high" }),
    headers: { accept: "text/html" },
  });
  assert.equal(empty.status, 422);
  const html = await empty.text();
  assert.match(html, /role="alert"[^>]*>[^<]*title/i, "the error names the field");
  assert.match(html, /value="#shop !high"/);
  assert.equal((await listTodos(db, ann.id, { sort: "due", limit: 10, offset: 0 }, NOW)).total, 1);
});
