/**
 * Session floods: a burst of `GET /api/session` from the LAN cannot log out the tabs in use, and
 * one address asking for new sessions without end gets 429 with Retry-After.
 */
import assert from "node:assert/strict";
import { SessionStore } from "../../lib/http/sessions.ts";
import { expectError, testApp } from "../helpers/app.ts";

const SESSION = "X-Hearth-Session";

Deno.test("sessions - a flood of new sessions from many addresses leaves a tab's session alive", async () => {
  // A small store, so a flood several times its size stays fast.
  await using app = await testApp({ sessions: new SessionStore({ maxSessions: 200 }) });
  const { token } = await (await app.fetch("/api/session", {}, "192.168.1.20")).json();
  const used = await app.fetch("/api/i18n/en", { headers: { [SESSION]: token } }, "192.168.1.20");
  await used.body?.cancel();
  assert.equal(used.status, 200);

  for (let i = 0; i < 1000; i++) {
    const res = await app.fetch("/api/session", {}, `10.0.${i >> 8}.${i & 255}`);
    assert.equal(res.status, 200);
    await res.body?.cancel();
  }
  assert.equal(app.services.sessions.size, 200, "the store stayed bounded");

  const after = await app.fetch("/api/i18n/en", { headers: { [SESSION]: token } }, "192.168.1.20");
  await after.body?.cancel();
  assert.equal(after.status, 200, "the tab's session survived the flood");
  const renewed = await app.fetch("/api/session", { headers: { [SESSION]: token } });
  assert.equal((await renewed.json()).token, token, "renewing keeps the same token");
});

Deno.test("sessions - one address asking for new sessions without end gets 429 with Retry-After", async () => {
  await using app = await testApp();
  let refused: Response | undefined;
  let issued = 0;
  for (let i = 0; i < 1000 && !refused; i++) {
    const res = await app.fetch("/api/session", {}, "192.168.1.66");
    if (res.status === 429) refused = res;
    else {
      assert.equal(res.status, 200);
      await res.body?.cancel();
      issued++;
    }
  }
  assert.ok(refused, "a flood from one address is refused");
  assert.equal(issued, 60, "60 new sessions a minute per address");
  const retry = Number(refused.headers.get("retry-after"));
  assert.ok(retry > 0 && retry <= 60, `Retry-After ${retry}`);
  const body = await expectError(refused, 429, "too_many_sessions");
  assert.match(body.error.message, /Try again in \d+ seconds/);

  // Another address still gets one; a tab renewing its token is never counted.
  const other = await app.fetch("/api/session", {}, "192.168.1.67");
  const { token } = await other.json();
  assert.equal(other.status, 200);
  const renewed = await app.fetch(
    "/api/session",
    { headers: { [SESSION]: token } },
    "192.168.1.66",
  );
  assert.equal(renewed.status, 200);
  assert.equal((await renewed.json()).token, token);
});
