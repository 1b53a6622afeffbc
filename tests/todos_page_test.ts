/**
 * `/todos` on the server, without JavaScript: the profile's open todos in their groups (Overdue,
 * Today, Upcoming, No date) reckoned in the profile's zone, sub-tasks under their parent, tags
 * and priority shown, the done ones below; another profile's todos never appear.
 */
import assert from "node:assert/strict";
import { createTodo } from "../lib/todos/store.ts";
import { testApp } from "./helpers/app.ts";
import { member } from "./helpers/profile.ts";

// 12:00 UTC is 01:00 on 11 March in Auckland (UTC+13): "today" there is the 11th.
const NOW = Date.parse("2026-03-10T12:00:00Z");
const ZONE = "Pacific/Auckland";

/** The HTML of the `<section>` of one group, or "" when the page has none. */
function group(html: string, name: string): string {
  const at = html.indexOf(`class="todo-group ${name}"`);
  if (at < 0) return "";
  return html.slice(at, html.indexOf("</section>", at));
}

Deno.test("todos page - groups in the profile's zone, sub-tasks, tags, done; only the profile's own", async () => {
  await using app = await testApp();
  app.services.now = () => NOW;
  const ann = await member(app, "Ann");
  const bob = await member(app, "Bob");
  const db = app.services.db.kysely;
  await db.updateTable("profiles").set({ time_zone: ZONE }).where("id", "=", ann.id).execute();
  const add = (who: string, input: Parameters<typeof createTodo>[2]) =>
    createTodo(db, who, { timeZone: ZONE, ...input }, NOW);
  const rent = await add(ann.id, { title: "Pay rent", due: "2026-03-10T20:00", priority: "high" });
  // Today in Auckland, though 11 March 05:00 UTC is tomorrow by the UTC calendar.
  await add(ann.id, { title: "Call mum", due: "2026-03-11T18:00", tags: ["family"] });
  const trip = await add(ann.id, { title: "Dentist", due: "2026-03-15", tags: ["health"] });
  await add(ann.id, { title: "Pack toothbrush", parentId: trip.id });
  await add(ann.id, { title: "Read a book" });
  await add(ann.id, { title: "Old errand", status: "done" });
  await add(bob.id, { title: "Bob's secret", due: "2026-03-11T10:00" });

  const res = await ann.fetch("/todos", { headers: { accept: "text/html" } });
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.match(html, /<title>Todos · Hearth<\/title>/);
  assert.match(html, /href="\/todos"/, "the nav links the section");

  const overdue = group(html, "overdue");
  assert.match(overdue, /Overdue/);
  assert.match(overdue, /Pay rent/);
  // Search hits land on the todo's row (`/todos#t-<id>`).
  assert.match(overdue, new RegExp(`id="t-${rent.id}"`));
  assert.match(overdue, /!high/);
  const today = group(html, "today");
  assert.match(today, /Call mum/);
  assert.match(today, /#family/);
  assert.match(today, /Wed, Mar 11, 6:00\sPM/, "the due time in the profile's zone");
  const upcoming = group(html, "upcoming");
  assert.match(
    upcoming,
    /Dentist[\s\S]*#health[\s\S]*<ul class="todo-list">[\s\S]*Pack toothbrush/,
  );
  assert.match(group(html, "none"), /Read a book/);
  assert.match(group(html, "done"), /Old errand/);
  // Every todo once, in its own group only.
  for (const title of ["Pay rent", "Call mum", "Pack toothbrush", "Read a book", "Old errand"]) {
    assert.equal(html.split(`dir="auto">${title}</span>`).length, 2, title);
  }
  assert.doesNotMatch(html, /Bob(&#x27;|&#39;|')s secret/);

  // Bob sees his own and none of Ann's.
  const his = await (await bob.fetch("/todos", { headers: { accept: "text/html" } })).text();
  assert.match(his, /Bob(&#x27;|&#39;|')s secret/);
  assert.doesNotMatch(his, /Pay rent|Call mum|Dentist|Old errand/);
});

Deno.test("todos page - German, and an empty list says so", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const res = await ann.fetch("/todos", {
    headers: { accept: "text/html", "accept-language": "de" },
  });
  const html = await res.text();
  assert.equal(res.status, 200);
  assert.match(html, /Nichts offen/);
  assert.match(html, /aria-label="Neue Aufgabe"/);
});
