/**
 * Setup mode through the app's fetch handler: the gate (only the wizard answers until an admin
 * exists) and the setup code for browsers on the LAN. The steps themselves: setup_api_test.ts.
 */
import assert from "node:assert/strict";
import { createAdmin } from "../lib/auth/mod.ts";
import { setupStateOf } from "../lib/setup/mod.ts";
import { json } from "./helpers/admin.ts";
import { expectError, testApp } from "./helpers/app.ts";

const LAN = "192.168.1.20";
const html = { headers: { accept: "text/html" } };

Deno.test("setup - in setup mode pages go to /setup and APIs answer 503 setup_required", async () => {
  await using app = await testApp({ setup: true });
  for (const path of ["/", "/chat", "/admin/models", "/no-such-page"]) {
    const res = await app.fetch(path, html);
    assert.equal(res.status, 303, path);
    assert.equal(res.headers.get("location"), "/setup", path);
  }
  for (const path of ["/api/admin/config", "/api/admin/ollama/status", "/api/nope", "/v1/models"]) {
    const body = await expectError(await app.api(path), 503, "setup_required");
    assert.match(body.error.message, /\/setup/);
  }
  // The German message, for a German browser.
  const de = await expectError(
    await app.api("/api/admin/config", { headers: { "accept-language": "de" } }),
    503,
    "setup_required",
  );
  assert.match(de.error.message, /noch nicht eingerichtet/);
  // What the wizard itself needs stays open.
  assert.equal((await app.fetch("/api/session")).status, 200);
  assert.equal((await app.api("/api/i18n/de")).status, 200);
  assert.equal((await app.fetch("/offline", html)).status, 200);
  const css = await app.fetch("/styles.css");
  assert.equal(css.status, 200);
  assert.match(css.headers.get("content-type") ?? "", /text\/css/);
  const page = await app.fetch("/setup", html);
  assert.equal(page.status, 200);
  assert.match(page.headers.get("content-type") ?? "", /text\/html/);
  const text = await page.text();
  assert.match(text, /hearth-island:SetupWizard/);
  assert.doesNotMatch(text, /class="nav"/, "no app navigation while nothing else is open");
  // The language form works too.
  const form = new FormData();
  form.set("locale", "de");
  form.set("back", "/setup");
  const lang = await app.fetch("/locale", { method: "POST", body: form });
  assert.equal(lang.status, 303);
  assert.equal(lang.headers.get("location"), "/setup");
});

Deno.test("setup - once an admin exists the app answers as usual and /setup goes home", async () => {
  await using app = await testApp({ setup: true });
  await createAdmin(app.services.db, { name: "Ann", password: "correct horse battery" });
  // Pages are the app's again (a device without a profile is sent to the profile picker).
  const home = await app.fetch("/", html);
  assert.notEqual(home.headers.get("location"), "/setup");
  assert.equal((await app.fetch("/offline", html)).status, 200);
  for (const path of ["/setup", "/setup/code"]) {
    const res = await app.fetch(path, html);
    assert.equal(res.status, 303);
    assert.equal(res.headers.get("location"), "/");
  }
  await expectError(await app.api("/api/nope"), 404, "not_found");
  await expectError(await app.api("/api/setup/system"), 409, "setup_finished");
  await expectError(
    await app.api("/api/setup/finish", json("POST", { password: "another password" })),
    409,
    "setup_finished",
  );
  const status = await app.api("/api/setup/status");
  assert.equal(status.status, 200);
  assert.deepEqual(await status.json(), { setup: false, access: false });
});

/** Posts the setup-code form as a browser on `from` would. */
function postCode(app: Awaited<ReturnType<typeof testApp>>, code: string, from: string) {
  const form = new FormData();
  form.set("code", code);
  return app.fetch("/setup/code", {
    method: "POST",
    body: form,
    headers: { "sec-fetch-site": "same-origin", accept: "text/html" },
  }, from);
}

Deno.test("setup - from the LAN the wizard needs the setup code; wrong codes are rate-limited", async () => {
  await using app = await testApp({ setup: true });
  const { code } = setupStateOf(app.services);

  // Loopback needs no code; the LAN is sent to the code page, and its API calls are refused.
  assert.equal((await app.fetch("/setup", html)).status, 200);
  const page = await app.fetch("/setup", html, LAN);
  assert.equal(page.status, 303);
  assert.equal(page.headers.get("location"), "/setup/code");
  await expectError(await app.api("/api/setup/system", {}, LAN), 403, "setup_code_required");
  await expectError(
    await app.api("/api/setup/finish", json("POST", { password: "take over the box" }), LAN),
    403,
    "setup_code_required",
  );
  const status = await (await app.api("/api/setup/status", {}, LAN)).json();
  assert.deepEqual(status, { setup: true, access: false }, "nothing but setup mode is told");
  // The wizard's tasks are the wizard's: the box itself reads them, the LAN without the code not.
  const install = await app.api("/api/setup/install", { method: "POST" });
  const task = install.headers.get("x-hearth-task")!;
  await install.body?.cancel();
  await expectError(await app.api(`/api/tasks/${task}`, {}, LAN), 403, "setup_code_required");
  await expectError(
    await app.api(`/api/tasks/${task}/cancel`, { method: "POST" }, LAN),
    403,
    "setup_code_required",
  );
  assert.equal((await (await app.api(`/api/tasks/${task}`)).json()).kind, "install");
  const form = await app.fetch("/setup/code", html, LAN);
  assert.equal(form.status, 200);
  assert.match(await form.text(), /name="code"/);

  // Five wrong codes, then the door stays shut for a while, even for the right code.
  for (let i = 0; i < 5; i++) {
    const wrong = await postCode(app, "AAAA-AAAA", LAN);
    assert.equal(wrong.status, 422);
    assert.match(await wrong.text(), /not the setup code/);
    assert.equal(wrong.headers.get("set-cookie"), null);
  }
  const locked = await postCode(app, code, LAN);
  assert.equal(locked.status, 429);
  assert.ok(Number(locked.headers.get("retry-after")) > 0);
  assert.match(await locked.text(), /Too many wrong codes/);
  await expectError(await app.api("/api/setup/system", {}, LAN), 403, "setup_code_required");

  // Another device types the right code (any case, without the dash) and gets the cookie.
  const other = "192.168.1.21";
  const ok = await postCode(app, code.toLowerCase().replace("-", ""), other);
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.get("location"), "/setup");
  const cookie = ok.headers.get("set-cookie") ?? "";
  assert.match(cookie, /^hearth_setup=[\w-]+;/);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  const withCookie = { headers: { cookie: cookie.split(";")[0], accept: "text/html" } };
  assert.equal((await app.fetch("/setup", withCookie, other)).status, 200);
  assert.equal((await app.api("/api/setup/system", withCookie, other)).status, 200);
  const codePage = await app.fetch("/setup/code", withCookie, other);
  assert.equal(codePage.status, 303, "a device with access skips the code page");
  // A made-up cookie is worth nothing.
  const forged = { headers: { cookie: "hearth_setup=00000000-0000-4000-8000-000000000000" } };
  await expectError(await app.api("/api/setup/system", forged, other), 403, "setup_code_required");
});
