/**
 * Guessing PINs and the admin password from the LAN: parallel guesses cannot race past the
 * lockout (each is counted before bcrypt compares it), and guesses from many addresses hit the
 * account's own budget. The clock is the app's (`services.now`), moved by the tests.
 */
import assert from "node:assert/strict";
import { ADMIN_PASSWORD, json, KID_PIN, seedHousehold } from "../../lib/auth/testing.ts";
import { expectError, type TestApp, testApp } from "../helpers/app.ts";

async function pick(app: TestApp, id: string, pin: string, from: string) {
  return await app.api(`/api/profiles/${id}/select`, json("POST", { pin }), from);
}

async function login(app: TestApp, password: string, from: string) {
  return await app.api("/api/admin/login", json("POST", { password }), from);
}

/** How many answers had each status; every body is read. */
async function tally(responses: Response[]): Promise<Record<number, number>> {
  const counts: Record<number, number> = {};
  for (const res of responses) {
    await res.body?.cancel();
    counts[res.status] = (counts[res.status] ?? 0) + 1;
  }
  return counts;
}

/** Wrong PINs in a fixed order that never tries `KID_PIN`. */
const wrongPin = (i: number) => String(1000 + i).padStart(4, "0");

async function clocked() {
  const app = await testApp();
  const clock = { now: Date.parse("2026-03-01T10:00:00Z") };
  app.services.now = () => clock.now;
  return { app, clock, ...await seedHousehold(app.services.db) };
}

Deno.test("lockout - 300 parallel wrong PINs from one client: 5 are checked, 295 get 429", async () => {
  const { app, kid } = await clocked();
  await using _ = app;
  const from = "192.168.1.66";
  const answers = await Promise.all(
    Array.from({ length: 300 }, (_, i) => pick(app, kid.id, wrongPin(i), from)),
  );
  assert.deepEqual(await tally(answers), { 401: 5, 429: 295 });
  // Locked: the right PIN from this client is refused too, without being checked.
  const locked = await pick(app, kid.id, KID_PIN, from);
  assert.equal(locked.headers.get("retry-after"), "60");
  await expectError(locked, 429, "too_many_attempts");
});

Deno.test("lockout - 60 parallel wrong admin passwords from one client: 5 are checked, 55 get 429", async () => {
  const { app } = await clocked();
  await using _ = app;
  const answers = await Promise.all(
    Array.from({ length: 60 }, (_, i) => login(app, `guess number ${i}`, "192.168.1.66")),
  );
  assert.deepEqual(await tally(answers), { 401: 5, 429: 55 });
});

Deno.test("lockout - 47 addresses × 4 PIN guesses: the profile's budget stops them after 10", async () => {
  const { app, clock, kid, guest } = await clocked();
  await using _ = app;
  const statuses: number[] = [];
  let n = 0;
  for (let a = 0; a < 47; a++) {
    for (let i = 0; i < 4; i++) {
      const res = await pick(app, kid.id, wrongPin(n++), `192.168.2.${a + 10}`);
      statuses.push(res.status);
      await res.body?.cancel();
    }
  }
  assert.deepEqual(statuses.slice(0, 10), Array(10).fill(401));
  assert.deepEqual(statuses.slice(10), Array(178).fill(429));

  // The owner, on a device that never guessed wrong, waits for the budget too…
  const owner = "192.168.3.1";
  const wait = await pick(app, kid.id, KID_PIN, owner);
  assert.equal(wait.headers.get("retry-after"), "900");
  await expectError(wait, 429, "too_many_attempts");
  // …while other profiles are not affected.
  const other = await app.api(`/api/profiles/${guest.id}/select`, json("POST", {}), owner);
  assert.equal(other.status, 200);
  await other.body?.cancel();

  // After the wait the right PIN opens the profile, and gives its guess back.
  clock.now += 900_000;
  const open = await pick(app, kid.id, KID_PIN, owner);
  assert.equal(open.status, 200, await open.clone().text());
  await open.body?.cancel();
  assert.equal(app.services.accountLimit.left(`pin:${kid.id}`), 1);
  // An attacker gets that one guess; the next waits another 15 minutes.
  await expectError(await pick(app, kid.id, "9999", "192.168.4.1"), 401, "wrong_pin");
  const next = await pick(app, kid.id, "9998", "192.168.4.2");
  assert.equal(next.headers.get("retry-after"), "900");
  await expectError(next, 429, "too_many_attempts");
});

Deno.test("lockout - 60 parallel admin guesses from 60 addresses: the admin's budget checks 10", async () => {
  const { app, clock } = await clocked();
  await using _ = app;
  const answers = await Promise.all(
    Array.from({ length: 60 }, (_, i) => login(app, `guess number ${i}`, `10.0.${i}.1`)),
  );
  assert.deepEqual(await tally(answers), { 401: 10, 429: 50 });
  const wait = await login(app, ADMIN_PASSWORD, "10.9.9.9");
  assert.equal(wait.headers.get("retry-after"), "900");
  await expectError(wait, 429, "too_many_attempts");
  clock.now += 900_000;
  const res = await login(app, ADMIN_PASSWORD, "10.9.9.9");
  assert.equal(res.status, 200, await res.clone().text());
  await res.body?.cancel();
});
