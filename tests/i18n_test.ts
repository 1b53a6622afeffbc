/** Languages through the app: negotiation, the switch, the messages API, errors in German. */
import assert from "node:assert/strict";
import { expectError, testApp } from "./helpers/app.ts";

Deno.test("i18n api - pages follow Accept-Language, and the choice is remembered by cookie", async () => {
  await using app = await testApp();
  const de = await (await app.fetch("/", { headers: { "accept-language": "de-DE,de;q=0.9" } }))
    .text();
  assert.match(de, /<html lang="de">/);
  assert.match(de, /Willkommen bei Hearth/);
  const en = await (await app.fetch("/", { headers: { "accept-language": "en-GB" } })).text();
  assert.match(en, /Welcome to Hearth/);

  const form = new FormData();
  form.set("locale", "de");
  form.set("back", "/search");
  const res = await app.fetch("/locale", { method: "POST", body: form });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get("location"), "/search");
  const cookie = res.headers.get("set-cookie") ?? "";
  assert.match(cookie, /hearth_locale=de/);
  assert.match(cookie, /HttpOnly/i);
  const chosen = await (await app.fetch("/offline", {
    headers: { cookie: "hearth_locale=de", "accept-language": "en" },
  })).text();
  assert.match(chosen, /Hearth ist nicht erreichbar/);
});

Deno.test("i18n api - the language switch never redirects off the site, and refuses unknown languages", async () => {
  await using app = await testApp();
  for (const back of ["//evil.example/", "https://evil.example/", "/\\evil.example"]) {
    const form = new FormData();
    form.set("locale", "en");
    form.set("back", back);
    const res = await app.fetch("/locale", { method: "POST", body: form });
    assert.equal(res.headers.get("location"), "/", back);
  }
  const form = new FormData();
  form.set("locale", "xx");
  await expectError(
    await app.fetch("/locale", { method: "POST", body: form }),
    422,
    "unknown_locale",
  );
});

Deno.test("i18n api - GET /api/i18n/{locale} gives every message; unknown languages are 404", async () => {
  await using app = await testApp();
  const res = await app.api("/api/i18n/de");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-language"), "de");
  const body = await res.json();
  assert.equal(body["home.title"], "Willkommen bei Hearth");
  const en = await (await app.api("/api/i18n/en")).json();
  assert.deepEqual(Object.keys(body).sort(), Object.keys(en).sort());
  const bad = await expectError(await app.api("/api/i18n/fr"), 404, "unknown_locale");
  assert.match(bad.error.message, /en, de/);
});

Deno.test("i18n api - API errors are said in the user's language", async () => {
  await using app = await testApp();
  const res = await app.fetch("/api/anything", { headers: { "accept-language": "de" } });
  const body = await expectError(res, 401, "session_required");
  assert.match(body.error.message, /Sende den Header/);
  const missing = await app.api("/api/nothing-here", { headers: { "accept-language": "de" } });
  assert.match(
    (await expectError(missing, 404, "not_found")).error.message,
    /Unter \/api\/nothing-here gibt es nichts/,
  );
  const host = await app.fetch("/", { headers: { host: "evil.example", "accept-language": "de" } });
  assert.match((await expectError(host, 403, "host_not_allowed")).error.message, /evil\.example/);
});
