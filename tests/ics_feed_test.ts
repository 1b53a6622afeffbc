/**
 * Calendar subscriptions: a profile's private `/ics/{token}.ics` URL that a phone's calendar app
 * reads without cookie or session, and nothing else opens with its token.
 */
import assert from "node:assert/strict";
// The parser Thunderbird uses proves the feed is RFC 5545.
import ICAL from "ical.js";
import { createMember } from "../lib/auth/mod.ts";
import { loggedPath } from "../lib/http/paths.ts";
import { createFeed } from "../lib/ics/feeds.ts";
import { Logger } from "../lib/log/logger.ts";
import { createApp } from "../lib/server.ts";
import { closeServices, createServices } from "../lib/services.ts";
import { setupStateOf } from "../lib/setup/state.ts";
import type { NewCalendarFeed } from "../lib/ics/types.ts";
import { json } from "./helpers/admin.ts";
import { expectError, testApp } from "./helpers/app.ts";
import { member } from "./helpers/profile.ts";

const weekly = {
  title: "Ann's choir",
  start: "2026-03-16T18:00:00+01:00",
  end: "2026-03-16T19:30:00+01:00",
  timeZone: "Europe/Berlin",
  rrule: "FREQ=WEEKLY;BYDAY=MO",
  exdates: ["2026-03-23T17:00:00Z"],
};

/** The URL's path (`/ics/{token}.ics`). */
const pathOf = (made: NewCalendarFeed) => new URL(made.url).pathname;

Deno.test("ics feed - create, fetch without cookie or session, 304, revoke, regenerate", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  assert.equal((await ann.fetch("/api/events", json("POST", weekly))).status, 201);

  const res = await ann.fetch("/api/calendar-feeds", json("POST", { label: "iPhone" }));
  assert.equal(res.status, 201, await res.clone().text());
  const made: NewCalendarFeed = await res.json();
  assert.match(made.url, /^http:\/\/localhost:8420\/ics\/[A-Za-z0-9_-]{43}\.ics$/);
  assert.equal(made.webcal, made.url.replace("http:", "webcal:"));
  assert.equal(made.feed.label, "iPhone");
  // The token is never stored or listed: only its hash.
  const token = /\/ics\/(.+)\.ics$/.exec(made.url)![1];
  const listed = await (await ann.fetch("/api/calendar-feeds")).json();
  assert.deepEqual(listed.items.map((f: { id: string }) => f.id), [made.feed.id]);
  assert.ok(!JSON.stringify(listed).includes(token));
  const row = app.services.db.raw.prepare("SELECT * FROM calendar_feeds").get() as Record<
    string,
    unknown
  >;
  assert.ok(!JSON.stringify(row).includes(token));
  assert.match(String(row.token_hash), /^[0-9a-f]{64}$/);

  // A calendar app: no cookie, no session header.
  const feed = await app.fetch(pathOf(made), { headers: { accept: "text/calendar, */*" } });
  assert.equal(feed.status, 200, await feed.clone().text());
  assert.equal(feed.headers.get("content-type"), "text/calendar; charset=utf-8");
  assert.equal(feed.headers.getSetCookie().length, 0, "a feed sets no cookie");
  const etag = feed.headers.get("etag")!;
  assert.ok(etag && feed.headers.get("last-modified"));
  const body = await feed.text();
  const vevents = new ICAL.Component(ICAL.parse(body)).getAllSubcomponents("vevent");
  assert.equal(vevents.length, 1);
  assert.equal(vevents[0].getFirstPropertyValue("summary"), "Ann's choir");
  assert.match(body, /RRULE:FREQ=WEEKLY;BYDAY=MO\r\n/);
  assert.match(body, /DTSTART;TZID=Europe\/Berlin:20260316T180000\r\n/);
  assert.match(body, /EXDATE;TZID=Europe\/Berlin:20260323T180000\r\n/);
  assert.match(body, /BEGIN:VTIMEZONE\r\nTZID:Europe\/Berlin/);
  assert.equal(
    await (await app.fetch(pathOf(made), { method: "HEAD" })).text(),
    "",
    "HEAD answers",
  );

  // The calendar has it: 304, by ETag or by date.
  const again = await app.fetch(pathOf(made), { headers: { "if-none-match": etag } });
  assert.equal(again.status, 304);
  assert.equal(await again.text(), "");
  const since = await app.fetch(pathOf(made), {
    headers: { "if-modified-since": feed.headers.get("last-modified")! },
  });
  assert.equal(since.status, 304);
  await since.body?.cancel();

  // A change, even a deletion, is a new version.
  const other = await (await ann.fetch(
    "/api/events",
    json("POST", { title: "Dentist", start: "2026-04-01T08:00:00Z" }),
  )).json();
  const changed = await app.fetch(pathOf(made), { headers: { "if-none-match": etag } });
  assert.equal(changed.status, 200);
  assert.match(await changed.text(), /SUMMARY:Dentist/);
  const etag2 = changed.headers.get("etag")!;
  assert.notEqual(etag2, etag);
  assert.equal((await ann.fetch(`/api/events/${other.id}`, { method: "DELETE" })).status, 204);
  const deleted = await app.fetch(pathOf(made), { headers: { "if-none-match": etag2 } });
  assert.equal(deleted.status, 200, "a deleted event changes the feed");
  assert.doesNotMatch(await deleted.text(), /Dentist/);

  // Fetching is noted, for the page.
  const used = await (await ann.fetch("/api/calendar-feeds")).json();
  assert.ok(used.items[0].lastUsedAt);

  // Regenerate: the old URL is gone at once, the new one works.
  const regen = await ann.fetch(`/api/calendar-feeds/${made.feed.id}/token`, { method: "POST" });
  assert.equal(regen.status, 200);
  const fresh: NewCalendarFeed = await regen.json();
  assert.equal(fresh.feed.id, made.feed.id);
  assert.notEqual(fresh.url, made.url);
  await expectError(await app.fetch(pathOf(made)), 404, "not_found");
  const renewed = await app.fetch(pathOf(fresh));
  assert.equal(renewed.status, 200);
  await renewed.body?.cancel();

  // Revoke: 404, the same as a URL that never existed.
  const revoked = await ann.fetch(`/api/calendar-feeds/${made.feed.id}`, { method: "DELETE" });
  assert.equal(revoked.status, 204);
  const gone = await app.fetch(pathOf(fresh));
  const never = await app.fetch(`/ics/${"A".repeat(43)}.ics`);
  assert.equal(gone.status, 404);
  const masked = async (res: Response) => {
    const b = await res.json();
    delete b.error.requestId;
    return { ...b.error, message: b.error.message.replace(/\/ics\/[^ ]+/, "…") };
  };
  assert.deepEqual(await masked(gone), await masked(never));
  await expectError(
    await ann.fetch(`/api/calendar-feeds/${made.feed.id}`, { method: "DELETE" }),
    404,
    "calendar_feed_not_found",
  );
  assert.deepEqual((await (await ann.fetch("/api/calendar-feeds")).json()).items, []);
});

Deno.test("ics feed - the token opens this profile's calendar and nothing else", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const bob = await member(app, "Bob");
  await ann.fetch("/api/events", json("POST", weekly));
  await bob.fetch("/api/events", json("POST", { title: "Bob's bowling", start: "2026-03-20" }));
  const made: NewCalendarFeed = await (await ann.fetch(
    "/api/calendar-feeds",
    json("POST", { label: "Phone" }),
  )).json();
  const token = /\/ics\/(.+)\.ics$/.exec(made.url)![1];

  // Ann's calendar, whoever asks, even with Bob's device cookie.
  const asBob = await bob.fetch(pathOf(made));
  const text = await asBob.text();
  assert.match(text, /Ann's choir/);
  assert.doesNotMatch(text, /Bob's bowling/);

  // The token is no session, no device cookie, and no other path.
  await expectError(
    await app.fetch("/api/events/export", { headers: { "X-Hearth-Session": token } }),
    401,
    "session_expired",
  );
  const asCookie = await app.api("/api/events/export", {
    headers: { cookie: `hearth_device=${token}` },
  });
  assert.equal(asCookie.status, 401, "a device cookie of the token names no profile");
  await asCookie.body?.cancel();
  const page = await app.fetch("/", { headers: { cookie: `hearth_device=${token}` } });
  await page.body?.cancel();
  assert.match(
    page.headers.getSetCookie().join("\n"),
    /hearth_device=;/,
    "as a device cookie it is no device: it is cleared",
  );
  for (const path of [`/ics/${token}`, `/ics/${token}.ics/x`, `/ics/${token}.json`]) {
    const res = await app.fetch(path);
    assert.equal(res.status, 404, path);
    await res.body?.cancel();
  }
  // Another case, a truncated or extended token: not the feed.
  for (const wrong of [token.toLowerCase(), token.slice(1), `${token}A`]) {
    if (wrong === token) continue;
    const res = await app.fetch(`/ics/${wrong}.ics`);
    assert.equal(res.status, 404);
    await res.body?.cancel();
  }
  // The request log never holds the token.
  assert.equal(loggedPath(`/ics/${token}.ics`), "/ics/…");
});

Deno.test("ics feed - served behind the setup gate and the Host allow-list like every page", async () => {
  await using setup = await testApp({ setup: true });
  const res = await setup.fetch(`/ics/${"A".repeat(43)}.ics`);
  assert.equal(res.status, 303);
  assert.equal(res.headers.get("location"), "/setup");
  await res.body?.cancel();

  await using app = await testApp();
  const ann = await member(app, "Ann");
  const made: NewCalendarFeed = await (await ann.fetch(
    "/api/calendar-feeds",
    json("POST", { label: "Phone" }),
  )).json();
  await expectError(
    await app.fetch(pathOf(made), { headers: { host: "evil.example" } }),
    403,
    "host_not_allowed",
  );
});

Deno.test("ics feed - labels are checked and a profile has at most 10 URLs", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const empty = await expectError(
    await ann.fetch("/api/calendar-feeds", json("POST", { label: "  " })),
    422,
    "invalid_input",
  );
  assert.equal(empty.error.field, "label");
  for (let i = 0; i < 10; i++) {
    const res = await ann.fetch("/api/calendar-feeds", json("POST", { label: `Phone ${i}` }));
    assert.equal(res.status, 201);
    await res.body?.cancel();
  }
  await expectError(
    await ann.fetch("/api/calendar-feeds", json("POST", { label: "One more" })),
    409,
    "too_many_calendar_feeds",
  );
});

Deno.test("ics feed - the request log never holds a token, found or not", async () => {
  const home = await Deno.makeTempDir({ prefix: "hearth-ics-log-" });
  const lines: string[] = [];
  const services = await createServices({
    env: { HEARTH_HOME: home },
    log: new Logger({ write: (line) => lines.push(line), level: "debug" }),
  });
  try {
    setupStateOf(services).finish();
    const app = createApp(services);
    const profile = await createMember(services.db, { name: "Ann", avatar: "A" });
    const made = await createFeed(services.db, profile.id, "Phone", "http://localhost", 0);
    const get = (path: string) =>
      Promise.resolve(app.fetch(
        new Request(`http://localhost:8420${path}`, { headers: { host: "localhost:8420" } }),
        { remoteAddr: { transport: "tcp", hostname: "127.0.0.1", port: 5 } },
      ));
    const token = /\/ics\/(.+)\.ics$/.exec(made.url)![1];
    assert.equal((await (await get(`/ics/${token}.ics`)).text()).slice(0, 15), "BEGIN:VCALENDAR");
    await (await get(`/ics/${"B".repeat(43)}.ics`)).body?.cancel();
    const logged = lines.join("\n");
    assert.match(logged, /\/ics\/…/, "the requests are logged");
    assert.ok(!logged.includes(token) && !logged.includes("B".repeat(43)), logged);
  } finally {
    await closeServices(services);
    await Deno.remove(home, { recursive: true });
  }
});
