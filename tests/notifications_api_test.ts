/**
 * The in-app notification list: `GET /api/notifications` (pages, unread), mark read, mark all
 * read, ownership, bad input; the `/notifications` page and its forms, the header's unread
 * count; the daily briefing's setting (`/api/notifications/briefing`, `/me/briefing`).
 */
import assert from "node:assert/strict";
import { json } from "./helpers/admin.ts";
import { expectError, type TestApp, testApp } from "./helpers/app.ts";
import { type Member, member } from "./helpers/profile.ts";

const MIN = 60_000;
const T0 = Date.parse("2026-03-10T08:00:00Z");

/** Ann, with `n` todos that fell due a minute apart and were delivered by the scheduler. */
async function annWith(app: TestApp, n: number, clock: { now: number }): Promise<Member> {
  const ann = await member(app, "Ann");
  await app.services.scheduler.tick();
  for (let i = 0; i < n; i++) {
    const res = await ann.fetch(
      "/api/todos",
      json("POST", { title: `Todo ${i}`, due: new Date(T0 + (i + 1) * MIN).toISOString() }),
    );
    assert.equal(res.status, 201);
  }
  for (let i = 0; i < n; i++) {
    clock.now = T0 + (i + 1) * MIN;
    assert.equal((await app.services.scheduler.tick()).fired, 1);
  }
  return ann;
}

async function clockApp() {
  const clock = { now: T0 };
  const app = await testApp();
  app.services.now = () => clock.now;
  return { app, clock };
}

const page = (who: Member, path: string) => who.fetch(path, { headers: { accept: "text/html" } });
const form = (who: Member, path: string, fields: Record<string, string>) =>
  who.fetch(path, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
    body: new URLSearchParams(fields),
  });

Deno.test("notifications api - newest first, a page at a time, with the unread count", async () => {
  const { app, clock } = await clockApp();
  try {
    const ann = await annWith(app, 5, clock);
    const first = await ann.fetch("/api/notifications?limit=2");
    assert.equal(first.status, 200);
    assert.match(first.headers.get("content-type")!, /application\/json/);
    const one = await first.json();
    assert.deepEqual(one.items.map((n: { title: string }) => n.title), ["Todo 4", "Todo 3"]);
    assert.equal(one.unread, 5);
    assert.equal(one.items[0].kind, "todo");
    assert.equal(one.items[0].readAt, null);
    assert.match(one.items[0].url, /^\/todos#t-/);
    const two = await (await ann.fetch(`/api/notifications?limit=2&cursor=${one.next}`)).json();
    assert.deepEqual(two.items.map((n: { title: string }) => n.title), ["Todo 2", "Todo 1"]);
    const three = await (await ann.fetch(`/api/notifications?limit=2&cursor=${two.next}`)).json();
    assert.deepEqual(three.items.map((n: { title: string }) => n.title), ["Todo 0"]);
    assert.equal(three.next, null);
    // German for a German request.
    const de = await (await ann.fetch("/api/notifications?limit=1", {
      headers: { "accept-language": "de" },
    })).json();
    assert.match(de.items[0].body, /^Fällig /);
  } finally {
    await app.close();
  }
});

Deno.test("notifications api - mark one read, then all; another profile gets the 404 of a missing one", async () => {
  const { app, clock } = await clockApp();
  try {
    const ann = await annWith(app, 3, clock);
    const bob = await member(app, "Bob");
    const { items } = await (await ann.fetch("/api/notifications")).json();
    const id = items[1].id;
    await expectError(
      await bob.fetch(`/api/notifications/${id}/read`, { method: "POST" }),
      404,
      "notification_not_found",
    );
    await expectError(
      await ann.fetch(`/api/notifications/${crypto.randomUUID()}/read`, { method: "POST" }),
      404,
      "notification_not_found",
    );
    assert.deepEqual((await (await bob.fetch("/api/notifications")).json()).items, []);
    // Bob's "all read" is his own.
    assert.deepEqual(
      await (await bob.fetch("/api/notifications/read-all", { method: "POST" })).json(),
      { marked: 0, unread: 0 },
    );
    const read = await ann.fetch(`/api/notifications/${id}/read`, { method: "POST" });
    assert.equal(read.status, 200);
    assert.equal((await read.json()).readAt, new Date(clock.now).toISOString());
    const unread = await (await ann.fetch("/api/notifications?unread=true")).json();
    assert.equal(unread.unread, 2);
    assert.ok(!unread.items.some((n: { id: string }) => n.id === id));
    const all = await ann.fetch("/api/notifications/read-all", { method: "POST" });
    assert.deepEqual(await all.json(), { marked: 2, unread: 0 });
    assert.equal((await (await ann.fetch("/api/notifications")).json()).unread, 0);
  } finally {
    await app.close();
  }
});

Deno.test("notifications api - bad input is a 422 naming the field", async () => {
  const { app } = await clockApp();
  try {
    const ann = await member(app, "Ann");
    const bad = async (path: string, init: RequestInit | undefined, field: string) => {
      const body = await expectError(await ann.fetch(path, init), 422, "invalid_input");
      assert.equal(body.error.field, field, JSON.stringify(body));
    };
    await bad("/api/notifications?limit=500", undefined, "query.limit");
    await bad("/api/notifications?unread=maybe", undefined, "query.unread");
    await bad("/api/notifications?sort=new", undefined, "query.sort");
    await expectError(
      await ann.fetch("/api/notifications?cursor=nonsense"),
      422,
      "invalid_cursor",
    );
    for (const time of ["25:00", "7:30", "07:60", "", 730]) {
      await bad("/api/notifications/briefing", json("PUT", { time }), "time");
    }
    await bad("/api/notifications/briefing", json("PUT", { time: null, at: 1 }), "at");
  } finally {
    await app.close();
  }
});

Deno.test("notifications page - the list without JavaScript, its forms, and the unread count in the header", async () => {
  const { app, clock } = await clockApp();
  try {
    const ann = await annWith(app, 2, clock);
    const bob = await member(app, "Bob");
    // Every page's header carries the bell with Ann's count; Bob's has none.
    const home = await (await page(ann, "/")).text();
    assert.match(
      home,
      /<a href="\/notifications" class="bell" aria-label="Notifications, 2 unread">/,
    );
    assert.match(home, /<span class="bell-count" aria-hidden="true">2<\/span>/);
    const bobs = await (await page(bob, "/todos")).text();
    assert.match(bobs, /aria-label="Notifications"/);
    assert.doesNotMatch(bobs, /bell-count/);

    const res = await page(ann, "/notifications");
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /Todo 1[\s\S]*Todo 0/);
    assert.match(html, /2 unread/);
    assert.match(html, /<title>Notifications · Hearth<\/title>/);
    const id = /id="n-([^"]+)"/.exec(html)![1];

    // Bob's form on Ann's id: the 404 of a missing one, and her count stays.
    assert.equal((await form(bob, "/notifications", { id })).status, 404);
    const one = await form(ann, "/notifications", { id });
    assert.equal(one.status, 303);
    assert.equal(one.headers.get("location"), `/notifications#n-${id}`);
    assert.match(await (await page(ann, "/")).text(), /aria-label="Notifications, 1 unread"/);
    const all = await form(ann, "/notifications", {});
    assert.equal(all.status, 303);
    const after = await (await page(ann, "/notifications")).text();
    assert.doesNotMatch(after, /bell-count/);
    assert.doesNotMatch(after, /Mark read/);
  } finally {
    await app.close();
  }
});

Deno.test("briefing settings - /me/briefing turns the daily briefing on and off with a plain form", async () => {
  const { app } = await clockApp();
  try {
    const ann = await member(app, "Ann");
    const get = async () => await (await ann.fetch("/api/notifications/briefing")).json();
    assert.deepEqual(await get(), { time: null });
    const html = await (await page(ann, "/me/briefing")).text();
    assert.match(html, /<form method="post" action="\/me\/briefing"/);
    assert.match(html, /<input type="checkbox" name="on" value="1"\/?>/);
    const on = await form(ann, "/me/briefing", { on: "1", time: "06:45" });
    assert.equal(on.status, 303);
    assert.equal(on.headers.get("location"), "/me/briefing?saved=1");
    assert.deepEqual(await get(), { time: "06:45" });
    const saved = await (await page(ann, "/me/briefing?saved=1")).text();
    assert.match(saved, /value="06:45"/);
    assert.match(saved, /checked/);
    assert.equal((await form(ann, "/me/briefing", { on: "1", time: "6 o'clock" })).status, 422);
    assert.deepEqual(await get(), { time: "06:45" });
    assert.equal((await form(ann, "/me/briefing", { time: "06:45" })).status, 303);
    assert.deepEqual(await get(), { time: null });
  } finally {
    await app.close();
  }
});
