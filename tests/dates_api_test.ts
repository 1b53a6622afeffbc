/**
 * The profile's time zone (`PATCH /api/me`, the admin's `PATCH /api/admin/profiles/{id}`) and the
 * date API (`/api/dates/parse`, `/api/dates/quick-add`), which reads in the asking profile's zone.
 */
import assert from "node:assert/strict";
import { listProfiles } from "../lib/auth/mod.ts";
import { defaultTimeZone } from "../lib/dates/zones.ts";
import { adminApp, json } from "./helpers/admin.ts";
import { member } from "./helpers/profile.ts";

/** Saturday 28 March 2026, 13:00 in Berlin; Berlin changes to summer time on Sunday. */
const NOW = Date.parse("2026-03-28T12:00:00Z");

Deno.test("dates api - a profile sets its own time zone; the profile shape carries it", async () => {
  await using app = await adminApp();
  const ann = await member(app, "Ann");
  const before = await (await ann.fetch("/api/me")).json();
  assert.equal(before.profile.timeZone, defaultTimeZone());
  const res = await ann.fetch("/api/me", json("PATCH", { timeZone: "America/New_York" }));
  assert.equal(res.status, 200, await res.clone().text());
  assert.equal((await res.json()).profile.timeZone, "America/New_York");
  const after = await (await ann.fetch("/api/me")).json();
  assert.equal(after.profile.timeZone, "America/New_York");
  // The name a current browser reports is kept in the spelling of Intl's list.
  const kolkata = await ann.fetch("/api/me", json("PATCH", { timeZone: "Asia/Kolkata" }));
  assert.equal((await kolkata.json()).profile.timeZone, "Asia/Calcutta");
});

Deno.test("dates api - an unknown zone is a 422 naming the field, in English and German", async () => {
  await using app = await adminApp();
  const ann = await member(app, "Ann");
  const en = await ann.fetch("/api/me", json("PATCH", { timeZone: "Mars/Olympus" }));
  assert.equal(en.status, 422);
  const { error } = await en.json();
  assert.equal(error.field, "timeZone");
  assert.equal(error.message, "The time zone is not a known time zone (such as Europe/Berlin).");
  const init = json("PATCH", { timeZone: "Europe/Berlín" });
  const de = await ann.fetch("/api/me", {
    ...init,
    headers: { ...init.headers as Record<string, string>, "accept-language": "de" },
  });
  assert.equal(de.status, 422);
  assert.equal(
    (await de.json()).error.message,
    "Die Zeitzone ist keine bekannte Zeitzone (etwa Europe/Berlin).",
  );
  // Nothing else is self-editable here, and nothing changed.
  const other = await ann.fetch("/api/me", json("PATCH", { timeZone: "UTC", name: "Eve" }));
  assert.equal(other.status, 422);
  assert.equal((await other.json()).error.field, "name");
  assert.equal((await (await ann.fetch("/api/me")).json()).profile.timeZone, defaultTimeZone());
});

Deno.test("dates api - another profile cannot set it; the admin can", async () => {
  await using app = await adminApp();
  const ann = await member(app, "Ann");
  const bob = await member(app, "Bob");
  const path = `/api/admin/profiles/${ann.id}`;
  const denied = await bob.fetch(path, json("PATCH", { timeZone: "Asia/Tokyo" }));
  assert.equal(denied.status, 401);
  assert.equal((await denied.json()).error.code, "admin_required");
  // Bob's own PATCH /api/me changes only Bob.
  await (await bob.fetch("/api/me", json("PATCH", { timeZone: "Asia/Tokyo" }))).body?.cancel();
  assert.equal((await (await ann.fetch("/api/me")).json()).profile.timeZone, defaultTimeZone());
  const bad = await app.admin(path, json("PATCH", { timeZone: "Nowhere" }));
  assert.equal(bad.status, 422);
  assert.equal((await bad.json()).error.field, "timeZone");
  const ok = await app.admin(path, json("PATCH", { timeZone: "Europe/Berlin" }));
  assert.equal(ok.status, 200, await ok.clone().text());
  assert.equal((await ok.json()).profile.timeZone, "Europe/Berlin");
  const row = (await listProfiles(app.services.db)).find((p) => p.id === ann.id);
  assert.equal(row?.timeZone, "Europe/Berlin");
  assert.equal((await (await ann.fetch("/api/me")).json()).profile.timeZone, "Europe/Berlin");
  // A new member can start in a zone; a bad one is refused before anything is stored.
  const zoe = await app.admin(
    "/api/admin/profiles",
    json("POST", {
      name: "Zoe",
      avatar: "🐼",
      timeZone: "Asia/Tokyo",
    }),
  );
  assert.equal(zoe.status, 201);
  assert.equal((await zoe.json()).profile.timeZone, "Asia/Tokyo");
  const eve = await app.admin(
    "/api/admin/profiles",
    json("POST", {
      name: "Eve",
      avatar: "🐼",
      timeZone: "Asia/Tokio",
    }),
  );
  assert.equal(eve.status, 422);
  assert.equal((await eve.json()).error.field, "timeZone");
});

Deno.test("dates api - parse and quick add read in the asking profile's zone and language", async () => {
  await using app = await adminApp();
  app.services.now = () => NOW;
  const ann = await member(app, "Ann");
  const bob = await member(app, "Bob");
  await (await ann.fetch("/api/me", json("PATCH", { timeZone: "Europe/Berlin" }))).body?.cancel();
  await (await bob.fetch("/api/me", json("PATCH", { timeZone: "America/New_York" }))).body
    ?.cancel();

  const parse = async (who: typeof ann, text: string, locale = "en") => {
    const init = json("POST", { text });
    const res = await who.fetch("/api/dates/parse", {
      ...init,
      headers: { ...init.headers as Record<string, string>, "accept-language": locale },
    });
    assert.equal(res.status, 200, await res.clone().text());
    return (await res.json()).when;
  };
  assert.deepEqual(await parse(ann, "tomorrow 9am"), {
    start: "2026-03-29T07:00:00.000Z",
    allDay: false,
    end: null,
    text: "tomorrow 9am",
    timeZone: "Europe/Berlin",
  });
  assert.equal((await parse(bob, "tomorrow 9am")).start, "2026-03-29T13:00:00.000Z");
  assert.equal(
    (await parse(ann, "nächsten Freitag 15 Uhr", "de")).start,
    "2026-04-03T13:00:00.000Z",
  );
  assert.equal(await parse(ann, "buy milk"), null);

  const quick = await ann.fetch(
    "/api/dates/quick-add",
    json("POST", {
      text: "buy milk tomorrow 9am #shop !high",
    }),
  );
  assert.equal(quick.status, 200);
  assert.deepEqual(await quick.json(), {
    title: "buy milk",
    due: "2026-03-29T07:00:00.000Z",
    allDay: false,
    tags: ["shop"],
    priority: "high",
    timeZone: "Europe/Berlin",
  });
});

Deno.test("dates api - bad bodies are clear errors; a profile is required", async () => {
  await using app = await adminApp();
  const ann = await member(app, "Ann");
  for (const path of ["/api/dates/parse", "/api/dates/quick-add"]) {
    const empty = await ann.fetch(path, json("POST", { text: "   " }));
    assert.equal(empty.status, 422);
    assert.equal((await empty.json()).error.field, "text");
    const long = await ann.fetch(path, json("POST", { text: "x".repeat(501) }));
    assert.equal(long.status, 422);
    assert.equal((await long.json()).error.field, "text");
    const extra = await ann.fetch(path, json("POST", { text: "today", zone: "UTC" }));
    assert.equal(extra.status, 422);
    await extra.body?.cancel();
    const huge = await ann.fetch(path, json("POST", { text: "x".repeat(20_000) }));
    assert.equal(huge.status, 413);
    await huge.body?.cancel();
    const nobody = await app.api(path, json("POST", { text: "today" }));
    assert.equal(nobody.status, 401);
    await nobody.body?.cancel();
  }
});

Deno.test("dates api - /me/time-zone: a plain form shows and saves the profile's own zone", async () => {
  await using app = await adminApp();
  app.services.now = () => NOW;
  const ann = await member(app, "Ann");
  const bob = await member(app, "Bob");
  const html = await (await ann.fetch("/me/time-zone")).text();
  assert.match(html, new RegExp(`<option value="${defaultTimeZone()}" selected`));
  assert.match(html, /<form method="post" action="\/me\/time-zone"/);
  const post = (who: typeof ann, timeZone: string) =>
    who.fetch("/me/time-zone", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ timeZone }),
    });
  const bad = await post(ann, "Mars/Olympus");
  assert.equal(bad.status, 422);
  assert.match(await bad.text(), /The time zone is not a known time zone/);
  const saved = await post(ann, "Europe/Berlin");
  assert.equal(saved.status, 303);
  assert.equal(saved.headers.get("location"), "/me/time-zone?saved=1");
  await saved.body?.cancel();
  const after = await (await ann.fetch("/me/time-zone?saved=1")).text();
  assert.match(after, /<option value="Europe\/Berlin" selected/);
  assert.match(after, /Saved\./);
  assert.match(after, /There it is Saturday 1:00\sPM now\./);
  // Only Ann changed.
  assert.equal((await (await bob.fetch("/api/me")).json()).profile.timeZone, defaultTimeZone());
});
