/**
 * A changed secret ends what the old one opened: a new, changed or removed PIN signs out the
 * profile's other devices; a new admin password ends every admin login.
 */
import assert from "node:assert/strict";
import { createAdminSession, isAdminSession, setAdminPassword } from "../../lib/auth/mod.ts";
import {
  ADMIN_PASSWORD,
  cookieFrom,
  json,
  KID_PIN,
  seedHousehold,
} from "../../lib/auth/testing.ts";
import { expectError, type TestApp, testApp } from "../helpers/app.ts";

/** A browser that picked profile `id` (with `pin`): its device cookie. */
async function device(app: TestApp, id: string, pin?: string): Promise<string> {
  const res = await app.api(`/api/profiles/${id}/select`, json("POST", pin ? { pin } : {}));
  assert.equal(res.status, 200, await res.clone().text());
  return cookieFrom(res, "hearth_device");
}

/** Whom the browser with `cookie` acts for: a profile id, or null when signed out. */
async function whoIs(app: TestApp, cookie: string): Promise<string | null> {
  const res = await app.api("/api/me", { headers: { cookie } });
  if (res.status === 401) {
    await expectError(res, 401, "profile_required");
    return null;
  }
  assert.equal(res.status, 200);
  return (await res.json()).profile.id;
}

async function household() {
  const app = await testApp();
  const people = await seedHousehold(app.services.db);
  const login = await app.api("/api/admin/login", json("POST", { password: ADMIN_PASSWORD }));
  assert.equal(login.status, 200);
  const admin = cookieFrom(login, "hearth_admin");
  // The admin's own browser uses the admin profile.
  const adminBrowser = `${admin}; ${await device(app, people.admin.id)}`;
  const patch = (id: string, body: unknown) =>
    app.api(`/api/admin/profiles/${id}`, json("PATCH", body, { cookie: adminBrowser }));
  return { app, ...people, adminBrowser, patch };
}

Deno.test("pin change - a new PIN signs out every device of that profile; the old PIN opens nothing", async () => {
  const { app, kid, guest, patch } = await household();
  await using _ = app;
  const tablet = await device(app, kid.id, KID_PIN);
  const phone = await device(app, kid.id, KID_PIN);
  const guestPhone = await device(app, guest.id);
  assert.equal(await whoIs(app, tablet), kid.id);

  // A new name signs nobody out.
  const renamed = await patch(kid.id, { name: "Kiddo" });
  assert.equal(await whoIs(app, tablet), kid.id);
  assert.equal((await renamed.json()).signedOut ?? 0, 0);

  const changed = await patch(kid.id, { pin: "1357" });
  assert.equal(changed.status, 200);
  assert.equal(await whoIs(app, tablet), null);
  assert.equal(await whoIs(app, phone), null);
  assert.equal((await changed.json()).signedOut, 2);
  assert.equal(await whoIs(app, guestPhone), guest.id, "other profiles keep their devices");
  await expectError(
    await app.api(`/api/profiles/${kid.id}/select`, json("POST", { pin: KID_PIN })),
    401,
    "wrong_pin",
  );
  assert.equal(await whoIs(app, await device(app, kid.id, "1357")), kid.id);
});

Deno.test("pin change - setting or removing a PIN signs out too; the device that changed its own PIN stays", async () => {
  const { app, admin, guest, adminBrowser, patch } = await household();
  await using _ = app;
  const guestPhone = await device(app, guest.id);
  const set = await patch(guest.id, { pin: "8642" });
  assert.equal(await whoIs(app, guestPhone), null, "opened without a PIN, now it needs one");
  assert.equal((await set.json()).signedOut, 1);

  const guestTablet = await device(app, guest.id, "8642");
  const removed = await patch(guest.id, { pin: null });
  assert.equal(await whoIs(app, guestTablet), null);
  assert.equal((await removed.json()).signedOut, 1);

  // The admin sets a PIN on the admin profile from a browser that uses it: that browser stays,
  // the admin profile's other devices go.
  const kitchen = await device(app, admin.id);
  const own = await patch(admin.id, { pin: "97531" });
  assert.equal(await whoIs(app, adminBrowser), admin.id);
  assert.equal(await whoIs(app, kitchen), null);
  assert.equal((await own.json()).signedOut, 1);
});

Deno.test("pin change - a new admin password ends every admin login at once", async () => {
  const { app } = await household();
  await using _ = app;
  const now = new Date();
  const a = await createAdminSession(app.services.db, now);
  const b = await createAdminSession(app.services.db, now);
  const changed = await setAdminPassword(app.services.db, "a brand new secret", now);
  assert.equal(await isAdminSession(app.services.db, a.token, now), false);
  assert.equal(await isAdminSession(app.services.db, b.token, now), false);
  assert.equal(changed.signedOut, 3, "the two above and the household's login");
});
