/**
 * Profiles and devices through the app: picking a profile (with and without PIN), the PIN rate
 * limit on an injected clock, revoking devices, signing out, the picker redirect, member
 * management. Owner scoping has its own suite (owned_test.ts).
 */
import assert from "node:assert/strict";
import { createAdmin } from "../lib/auth/mod.ts";
import { defaultTimeZone } from "../lib/dates/zones.ts";
import {
  ADMIN_PASSWORD,
  cookieFrom,
  json,
  KID_PIN,
  seedHousehold,
  setCookieOf,
} from "../lib/auth/testing.ts";
import { expectError, type TestApp, testApp } from "./helpers/app.ts";

async function pick(app: TestApp, id: string, body: unknown = {}, from?: string) {
  return await app.api(`/api/profiles/${id}/select`, json("POST", body), from);
}

async function adminCookie(app: TestApp): Promise<string> {
  const res = await app.api("/api/admin/login", json("POST", { password: ADMIN_PASSWORD }));
  assert.equal(res.status, 200);
  return cookieFrom(res, "hearth_admin");
}

Deno.test("auth - the picker lists profiles without secrets, and a profile without PIN opens at once", async () => {
  await using app = await testApp();
  const { guest } = await seedHousehold(app.services.db);
  const list = await app.api("/api/profiles");
  assert.equal(list.status, 200);
  assert.match(list.headers.get("content-type") ?? "", /application\/json/);
  const { profiles, current } = await list.json();
  assert.equal(current, null);
  assert.deepEqual(profiles.map((p: { name: string }) => p.name), ["Ann", "Guest", "Kid"]);
  assert.deepEqual(Object.keys(profiles[0]).sort(), [
    "avatar",
    "hasPin",
    "id",
    "isAdmin",
    "name",
    "timeZone",
  ]);
  assert.deepEqual(profiles.map((p: { hasPin: boolean }) => p.hasPin), [false, false, true]);

  await expectError(await app.api("/api/me"), 401, "profile_required");
  const res = await pick(app, guest.id);
  assert.equal(res.status, 200);
  assert.equal((await res.json()).profile.name, "Guest");
  const flags = setCookieOf(res, "hearth_device")!;
  assert.match(flags, /; HttpOnly/);
  assert.match(flags, /; SameSite=Lax/);
  assert.match(flags, /; Path=\//);
  assert.match(flags, /; Max-Age=31536000/);
  const cookie = cookieFrom(res, "hearth_device");
  // Only the token's hash is stored.
  const token = cookie.split("=")[1];
  const stored = app.services.db.raw.prepare("SELECT token_hash FROM devices").all();
  assert.equal(stored.length, 1);
  assert.notEqual(stored[0].token_hash, token);
  assert.match(String(stored[0].token_hash), /^[0-9a-f]{64}$/);

  const me = await app.api("/api/me", { headers: { cookie } });
  assert.equal(me.status, 200);
  const body = await me.json();
  assert.deepEqual({ profile: body.profile, admin: body.admin }, { profile: guest, admin: false });
  // Not a limited profile: no limits, nothing counted today.
  assert.equal(body.limits.limits, null);
  assert.equal(body.limits.usage.replies, 0);
});

Deno.test("auth - a profile with a PIN opens only with the right PIN", async () => {
  await using app = await testApp();
  const { kid } = await seedHousehold(app.services.db);
  await expectError(await pick(app, kid.id), 401, "pin_required");
  await expectError(await pick(app, kid.id, { pin: "1357" }), 401, "wrong_pin");
  const bad = await expectError(await pick(app, kid.id, { pin: "12a4" }), 422, "invalid_input");
  assert.equal(bad.error.field, "pin");
  await expectError(await pick(app, "no-such-profile"), 404, "profile_not_found");
  const res = await pick(app, kid.id, { pin: KID_PIN });
  assert.equal(res.status, 200);
  const me = await app.api("/api/me", { headers: { cookie: cookieFrom(res, "hearth_device") } });
  assert.equal((await me.json()).profile.id, kid.id);
});

Deno.test("auth - wrong PINs are rate-limited per client with 429 + Retry-After, lifting on the clock", async () => {
  await using app = await testApp();
  let now = Date.parse("2026-03-01T10:00:00Z");
  app.services.now = () => now;
  const { kid } = await seedHousehold(app.services.db);
  for (let i = 0; i < 5; i++) {
    await expectError(await pick(app, kid.id, { pin: "0000" }, "192.168.1.50"), 401, "wrong_pin");
  }
  // Locked: even the right PIN is refused, without being checked.
  const locked = await pick(app, kid.id, { pin: KID_PIN }, "192.168.1.50");
  assert.equal(locked.headers.get("retry-after"), "60");
  const body = await expectError(locked, 429, "too_many_attempts");
  assert.match(body.error.message, /60 seconds/);
  // Another device on the LAN is not locked out.
  assert.equal((await pick(app, kid.id, { pin: KID_PIN }, "192.168.1.51")).status, 200);

  now += 59_000;
  await expectError(
    await pick(app, kid.id, { pin: KID_PIN }, "192.168.1.50"),
    429,
    "too_many_attempts",
  );
  now += 1_000;
  // One more wrong PIN right after a lockout locks again, twice as long.
  await expectError(await pick(app, kid.id, { pin: "0000" }, "192.168.1.50"), 401, "wrong_pin");
  const again = await pick(app, kid.id, { pin: KID_PIN }, "192.168.1.50");
  assert.equal(again.headers.get("retry-after"), "120");
  await expectError(again, 429, "too_many_attempts");
  now += 120_000;
  assert.equal((await pick(app, kid.id, { pin: KID_PIN }, "192.168.1.50")).status, 200);
});

Deno.test("auth - a revoked device loses its profile on its very next request", async () => {
  await using app = await testApp();
  const { guest } = await seedHousehold(app.services.db);
  const cookie = cookieFrom(await pick(app, guest.id), "hearth_device");
  const admin = await adminCookie(app);
  const { devices } = await (await app.api("/api/admin/devices", { headers: { cookie: admin } }))
    .json();
  assert.equal(devices.length, 1);
  assert.equal(devices[0].profile.name, "Guest");
  const revoke = await app.api(
    `/api/admin/devices/${devices[0].id}`,
    json("DELETE", undefined, { cookie: admin }),
  );
  assert.equal(revoke.status, 200);
  await expectError(
    await app.api(
      `/api/admin/devices/${devices[0].id}`,
      json("DELETE", undefined, { cookie: admin }),
    ),
    404,
    "device_not_found",
  );

  const me = await app.api("/api/me", { headers: { cookie } });
  assert.match(setCookieOf(me, "hearth_device") ?? "", /Max-Age=0/, "the dead cookie is cleared");
  await expectError(me, 401, "profile_required");
  const page = await app.fetch("/chat", { headers: { cookie } });
  assert.equal(page.status, 303);
  assert.equal(page.headers.get("location"), "/profiles?next=%2Fchat");
  const listed = await (await app.api("/api/admin/devices", { headers: { cookie: admin } })).json();
  assert.deepEqual(listed.devices, []);
});

Deno.test("auth - signing out revokes this device; picking again replaces the old device", async () => {
  await using app = await testApp();
  const { guest, kid } = await seedHousehold(app.services.db);
  const first = cookieFrom(await pick(app, guest.id), "hearth_device");
  const second = cookieFrom(
    await app.api(
      `/api/profiles/${kid.id}/select`,
      json("POST", { pin: KID_PIN }, { cookie: first }),
    ),
    "hearth_device",
  );
  await expectError(
    await app.api("/api/me", { headers: { cookie: first } }),
    401,
    "profile_required",
  );
  assert.equal(
    (await (await app.api("/api/me", { headers: { cookie: second } })).json()).profile.id,
    kid.id,
  );
  const out = await app.api("/api/profiles/signout", json("POST", undefined, { cookie: second }));
  assert.equal(out.status, 200);
  assert.match(setCookieOf(out, "hearth_device") ?? "", /Max-Age=0/);
  await expectError(
    await app.api("/api/me", { headers: { cookie: second } }),
    401,
    "profile_required",
  );
  const live = app.services.db.raw.prepare(
    "SELECT count(*) AS n FROM devices WHERE revoked_at IS NULL",
  ).get();
  assert.equal(live?.n, 0);
});

Deno.test("auth - pages send a browser without a profile to the picker, once an admin exists", async () => {
  await using app = await testApp();
  const html = { headers: { accept: "text/html" } };
  // Before setup there is no one to pick (the setup wizard's gate decides where to go).
  const before = await app.fetch("/", html);
  assert.ok(!before.headers.get("location")?.startsWith("/profiles"), "no picker before setup");
  await before.body?.cancel();
  await createAdmin(app.services.db, { name: "Ann", password: ADMIN_PASSWORD });
  const home = await app.fetch("/", html);
  assert.equal(home.status, 303);
  assert.equal(home.headers.get("location"), "/profiles");
  assert.equal(
    (await app.fetch("/todos?due=today", html)).headers.get("location"),
    "/profiles?next=%2Ftodos%3Fdue%3Dtoday",
  );
  for (const open of ["/profiles", "/admin/login", "/offline"]) {
    const res = await app.fetch(open, html);
    assert.equal(res.status, 200, open);
    assert.match(res.headers.get("content-type") ?? "", /text\/html/);
  }
  // APIs answer for themselves; the language form still works.
  assert.equal((await app.api("/api/profiles")).status, 200);
  const form = new FormData();
  form.set("locale", "de");
  form.set("back", "/profiles");
  const locale = await app.fetch("/locale", { method: "POST", body: form });
  assert.equal(locale.headers.get("location"), "/profiles");
});

Deno.test("auth - the admin adds, changes and deletes members; the admin profile stays", async () => {
  await using app = await testApp();
  const { admin, guest } = await seedHousehold(app.services.db);
  await expectError(
    await app.api("/api/admin/profiles", json("POST", { name: "Zoe", avatar: "🐼" })),
    401,
    "admin_required",
  );
  const cookie = await adminCookie(app);
  const as = (method: string, body?: unknown) => json(method, body, { cookie });
  const created = await app.api(
    "/api/admin/profiles",
    as("POST", { name: "  Zoe ", avatar: "🐼", pin: "9876" }),
  );
  assert.equal(created.status, 201);
  const zoe = (await created.json()).profile;
  assert.deepEqual({ ...zoe, id: "" }, {
    id: "",
    name: "Zoe",
    timeZone: defaultTimeZone(),
    avatar: "🐼",
    isAdmin: false,
    hasPin: true,
  });
  await expectError(
    await app.api("/api/admin/profiles", as("POST", { name: "zoe", avatar: "🐻" })),
    409,
    "profile_name_taken",
  );
  const noName = await expectError(
    await app.api("/api/admin/profiles", as("POST", { name: " ", avatar: "🐻" })),
    422,
    "invalid_input",
  );
  assert.equal(noName.error.field, "name");
  const badAvatar = await expectError(
    await app.api("/api/admin/profiles", as("POST", { name: "Max", avatar: "🐻🐻🐻🐻" })),
    422,
    "invalid_input",
  );
  assert.equal(badAvatar.error.field, "avatar");

  const patched = await app.api(
    `/api/admin/profiles/${zoe.id}`,
    as("PATCH", { name: "Zoë", pin: null }),
  );
  assert.deepEqual((await patched.json()).profile, { ...zoe, name: "Zoë", hasPin: false });
  await expectError(
    await app.api(`/api/admin/profiles/${zoe.id}`, as("PATCH", { name: "Guest" })),
    409,
    "profile_name_taken",
  );
  await expectError(
    await app.api(`/api/admin/profiles/${zoe.id}`, json("PATCH", { name: "X" })),
    401,
    "admin_required",
  );

  // Deleting a member takes its devices with it; the admin profile cannot go.
  const device = cookieFrom(await pick(app, guest.id), "hearth_device");
  assert.equal((await app.api(`/api/admin/profiles/${guest.id}`, as("DELETE"))).status, 200);
  await expectError(
    await app.api("/api/me", { headers: { cookie: device } }),
    401,
    "profile_required",
  );
  await expectError(
    await app.api(`/api/admin/profiles/${admin.id}`, as("DELETE")),
    409,
    "admin_profile_protected",
  );
  await expectError(
    await app.api(`/api/admin/profiles/${guest.id}`, as("DELETE")),
    404,
    "profile_not_found",
  );
  const names = (await (await app.api("/api/profiles")).json()).profiles.map((
    p: { name: string },
  ) => p.name);
  assert.deepEqual(names, ["Ann", "Kid", "Zoë"]);
});

Deno.test("auth - the admin profile without a PIN is warned on its home page and at its profile form", async () => {
  await using app = await testApp();
  const { admin, kid } = await seedHousehold(app.services.db);
  const page = async (path: string, cookie: string) => {
    const res = await app.fetch(path, { headers: { accept: "text/html", cookie } });
    assert.equal(res.status, 200, path);
    assert.match(res.headers.get("content-type") ?? "", /text\/html/);
    return await res.text();
  };
  const adminDevice = cookieFrom(await pick(app, admin.id), "hearth_device");
  const home = await page("/", adminDevice);
  assert.match(home, /data-notice="no-pin"/);
  assert.match(home, /Your admin profile has no PIN: anyone on your network can open it/);
  assert.ok(home.includes(`href="/admin/profiles?edit=${admin.id}"`), "links to its PIN form");
  // A member's home carries no such notice.
  const kidDevice = cookieFrom(await pick(app, kid.id, { pin: KID_PIN }), "hearth_device");
  assert.doesNotMatch(await page("/", kidDevice), /data-notice="no-pin"/);

  // The admin's profile page says it too, and the link opens the admin's form.
  const browser = `${await adminCookie(app)}; ${adminDevice}`;
  const list = await page("/admin/profiles", browser);
  assert.match(list, /The admin profile Ann has no PIN/);
  assert.equal(list.match(/class="profile-form"/g)?.length, 1, "only the add form");
  const edit = await page(`/admin/profiles?edit=${admin.id}`, browser);
  assert.equal(edit.match(/class="profile-form"/g)?.length, 2, "the admin's form is open");

  // With a PIN, the notice is gone (this device made the change and stays signed in).
  const set = await app.api(
    `/api/admin/profiles/${admin.id}`,
    json("PATCH", { pin: "97531" }, { cookie: browser }),
  );
  assert.equal(set.status, 200);
  assert.doesNotMatch(await page("/", adminDevice), /data-notice="no-pin"/);
  assert.doesNotMatch(await page("/admin/profiles", browser), /data-notice="no-pin"/);
});
