import { SECTIONS } from "../lib/sections.ts";
/**
 * The page chrome through the app: switching profile or signing the device out ends the admin
 * login (in the same request), only built sections exist and members do not see Settings, and
 * every page has its own `<title>`.
 */
import assert from "node:assert/strict";
import {
  ADMIN_PASSWORD,
  cookieFrom,
  json,
  seedHousehold,
  setCookieOf,
} from "../lib/auth/testing.ts";
import { createConversation } from "../lib/chat/store.ts";
import { expectError, type TestApp, testApp } from "./helpers/app.ts";

const html = (cookie = "", extra: HeadersInit = {}) => ({
  headers: { accept: "text/html", cookie, ...extra },
});

async function pick(app: TestApp, id: string, cookie = ""): Promise<Response> {
  return await app.api(`/api/profiles/${id}/select`, json("POST", {}, { cookie }));
}

async function adminLogin(app: TestApp, cookie = ""): Promise<string> {
  const res = await app.api(
    "/api/admin/login",
    json("POST", { password: ADMIN_PASSWORD }, { cookie }),
  );
  assert.equal(res.status, 200);
  return cookieFrom(res, "hearth_admin");
}

/**
 * Whether `cookie` is a live admin login, by the API; with a device cookie the admin's pages
 * must agree (an ended login sends them to the admin login).
 */
async function isAdmin(app: TestApp, cookie: string): Promise<boolean> {
  const api = await app.api("/api/admin/config", { headers: { cookie } });
  await api.body?.cancel();
  if (api.status !== 200) assert.equal(api.status, 401);
  if (cookie.includes("hearth_device=")) {
    const page = await app.fetch("/admin/settings", html(cookie));
    await page.body?.cancel();
    if (api.status === 200) assert.equal(page.status, 200);
    else assert.match(page.headers.get("location") ?? "", /^\/admin\/login/);
  }
  return api.status === 200;
}

async function textOf(res: Response): Promise<string> {
  assert.match(res.headers.get("content-type") ?? "", /text\/html/);
  return await res.text();
}

const titleOf = (page: string) => page.match(/<title>([^<]*)<\/title>/)?.[1];

Deno.test("shell - switching to another profile ends the admin login in the same request", async () => {
  await using app = await testApp();
  const { admin, kid, guest } = await seedHousehold(app.services.db);
  const device = cookieFrom(await pick(app, admin.id), "hearth_device");
  const login = await adminLogin(app, device);
  const both = `${device}; ${login}`;
  assert.ok(await isAdmin(app, both));

  const switched = await pick(app, guest.id, both);
  assert.equal(switched.status, 200);
  assert.match(setCookieOf(switched, "hearth_admin") ?? "", /Max-Age=0/, "the cookie goes");
  // Revoked server-side: the old admin cookie no longer works, even sent again by hand.
  assert.equal(await isAdmin(app, `${cookieFrom(switched, "hearth_device")}; ${login}`), false);
  assert.equal(await isAdmin(app, login), false);
  void kid;
});

Deno.test("shell - picking the same profile, or the admin's own on a fresh device, keeps the admin login", async () => {
  await using app = await testApp();
  const { admin } = await seedHousehold(app.services.db);
  // The admin logs in from the picker first, then picks their own profile.
  const login = await adminLogin(app);
  const first = await pick(app, admin.id, login);
  assert.equal(setCookieOf(first, "hearth_admin"), undefined);
  const device = cookieFrom(first, "hearth_device");
  assert.ok(await isAdmin(app, `${device}; ${login}`));
  // Picking the profile the device already uses is no switch.
  const again = await pick(app, admin.id, `${device}; ${login}`);
  assert.equal(setCookieOf(again, "hearth_admin"), undefined);
  assert.ok(await isAdmin(app, login));
});

Deno.test("shell - a member picked on a fresh device with an admin login ends it", async () => {
  await using app = await testApp();
  const { guest } = await seedHousehold(app.services.db);
  const login = await adminLogin(app);
  const res = await pick(app, guest.id, login);
  assert.match(setCookieOf(res, "hearth_admin") ?? "", /Max-Age=0/);
  assert.equal(await isAdmin(app, login), false);
});

Deno.test("shell - signing the device out (menu form or API) ends its profile and admin login", async () => {
  await using app = await testApp();
  const { admin } = await seedHousehold(app.services.db);
  for (const via of ["form", "api"]) {
    const device = cookieFrom(await pick(app, admin.id), "hearth_device");
    const login = await adminLogin(app, device);
    const cookie = `${device}; ${login}`;
    const res = via === "form"
      ? await app.fetch("/profiles/signout", { method: "POST", headers: { cookie } })
      : await app.api("/api/profiles/signout", json("POST", undefined, { cookie }));
    if (via === "form") {
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), "/profiles");
    } else assert.equal(res.status, 200);
    await res.body?.cancel();
    assert.match(setCookieOf(res, "hearth_device") ?? "", /Max-Age=0/, via);
    assert.match(setCookieOf(res, "hearth_admin") ?? "", /Max-Age=0/, via);
    assert.equal(await isAdmin(app, login), false, via);
    await expectError(await app.api("/api/me", { headers: { cookie } }), 401, "profile_required");
  }
});

Deno.test("shell - the sign-out form refuses a cross-site post", async () => {
  await using app = await testApp();
  const { admin } = await seedHousehold(app.services.db);
  const device = cookieFrom(await pick(app, admin.id), "hearth_device");
  const res = await app.fetch("/profiles/signout", {
    method: "POST",
    headers: { cookie: device, "sec-fetch-site": "cross-site" },
  });
  assert.equal(res.status, 403);
  await res.body?.cancel();
  assert.equal((await app.api("/api/me", { headers: { cookie: device } })).status, 200);
});

Deno.test("shell - every section is built: a member's home links each one, and each page answers", async () => {
  await using app = await testApp();
  const { guest } = await seedHousehold(app.services.db);
  const device = cookieFrom(await pick(app, guest.id), "hearth_device");
  const home = await textOf(await app.fetch("/", html(device)));
  const members = SECTIONS.filter((s) => !s.admin);
  assert.ok(members.length >= 8);
  for (const section of members) {
    assert.ok(section.ready, section.slug);
    const href = section.href ?? `/${section.slug}`;
    assert.match(home, new RegExp(`href="${href}"`), section.slug);
    const res = await app.fetch(href, html(device));
    assert.equal(res.status, 200, section.slug);
    await res.body?.cancel();
  }
  assert.doesNotMatch(home, /Coming soon/);
});

Deno.test("shell - Settings is in the nav for the admin (profile or live login), never for members", async () => {
  await using app = await testApp();
  const { admin, guest } = await seedHousehold(app.services.db);
  const settingsLink = /<a href="\/admin" class="nav-link"/;
  const member = cookieFrom(await pick(app, guest.id), "hearth_device");
  assert.doesNotMatch(await textOf(await app.fetch("/", html(member))), settingsLink);
  assert.doesNotMatch(await textOf(await app.fetch("/chat", html(member))), settingsLink);
  // The admin's own profile sees it (it leads to the admin login)…
  const own = cookieFrom(await pick(app, admin.id), "hearth_device");
  assert.match(await textOf(await app.fetch("/", html(own))), settingsLink);
  // …and so does a live admin login.
  const login = await adminLogin(app, member);
  assert.match(await textOf(await app.fetch("/", html(`${member}; ${login}`))), settingsLink);
});

Deno.test("shell - the header names the profile this device uses, with its menu", async () => {
  await using app = await testApp();
  const { guest } = await seedHousehold(app.services.db);
  const device = cookieFrom(await pick(app, guest.id), "hearth_device");
  const page = await textOf(await app.fetch("/chat?x=1", html(device)));
  assert.match(page, /<summary class="profile-button" aria-label="Guest: profile menu">/);
  assert.match(page, /class="profile-avatar" aria-hidden="true">🐢</);
  assert.match(page, /href="\/profiles\?next=%2Fchat%3Fx%3D1">Switch profile</);
  assert.match(page, /<form method="post" action="\/profiles\/signout">/);
  assert.match(page, /href="\/me\/notifications">Notifications</, "the profile's own pages");
});

Deno.test("shell - every page has its own title, in the page's language", async () => {
  await using app = await testApp();
  const { admin, guest } = await seedHousehold(app.services.db);
  const device = cookieFrom(await pick(app, guest.id), "hearth_device");
  const title = async (path: string, cookie = device, extra: HeadersInit = {}) =>
    titleOf(await (await app.fetch(path, html(cookie, extra))).text());
  const chat = await createConversation(app.services.db.kysely, guest.id, { title: "Bread <3" });
  const untitled = await createConversation(app.services.db.kysely, guest.id);
  assert.equal(await title("/"), "Hearth");
  assert.equal(await title("/chat"), "Chat · Hearth");
  assert.equal(await title(`/chat/${chat.id}`), "Bread &lt;3 · Hearth");
  assert.equal(await title(`/chat/${untitled.id}`), "Untitled chat · Hearth");
  assert.equal(await title("/search?q=x"), "Search · Hearth");
  assert.equal(await title("/nowhere"), "Page not found · Hearth");
  assert.equal(await title("/profiles"), "Who is using Hearth? · Hearth");
  assert.equal(await title("/offline"), "Hearth is out of reach · Hearth");
  assert.equal(await title("/admin/login"), "Admin login · Hearth");
  assert.equal(await title("/chat", device, { "accept-language": "de" }), "Chat · Hearth");
  const own = cookieFrom(await pick(app, admin.id), "hearth_device");
  const login = `${own}; ${await adminLogin(app, own)}`;
  assert.equal(await title("/admin", login), "Settings · Hearth");
  assert.equal(await title("/admin/settings", login), "Settings · Hearth");
  assert.equal(await title("/admin/models", login), "Models · Hearth");
  assert.equal(
    await title("/admin/settings", login, { "accept-language": "de" }),
    "Einstellungen · Hearth",
  );
});

Deno.test("shell - the admin login names the command that resets the password here", async () => {
  await using app = await testApp();
  await seedHousehold(app.services.db);
  const page = await textOf(await app.fetch("/admin/login", html()));
  assert.match(page, /On the box, run: deno task reset-password/);
});
