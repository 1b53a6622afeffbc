import assert from "node:assert/strict";
import { SetupState } from "./state.ts";

Deno.test("setup state - asks the database at most once per interval while in setup mode", async () => {
  let now = 0;
  let admin = false;
  let asked = 0;
  const state = new SetupState({
    hasAdmin: () => (asked++, Promise.resolve(admin)),
    recheckMs: 1000,
    now: () => now,
  });
  assert.equal(await state.active(), true);
  assert.equal(await state.active(), true);
  assert.equal(asked, 1, "cached within the interval");
  admin = true; // e.g. `hearth setup` finished in another terminal
  now = 999;
  assert.equal(await state.active(), true);
  now = 1000;
  assert.equal(await state.active(), false, "picked up after the interval");
  now = 10_000;
  assert.equal(await state.active(), false);
  assert.equal(asked, 2, "app mode is final: no more look-ups");
});

Deno.test("setup state - concurrent requests share one look-up; finish flips at once", async () => {
  let asked = 0;
  const state = new SetupState({ hasAdmin: () => (asked++, Promise.resolve(false)) });
  assert.deepEqual(await Promise.all([state.active(), state.active(), state.active()]), [
    true,
    true,
    true,
  ]);
  assert.equal(asked, 1);
  const token = state.grant();
  assert.ok(state.granted(token));
  assert.ok(!state.granted("made-up"));
  assert.ok(!state.granted(undefined));
  state.finish();
  assert.equal(await state.active(), false);
  assert.ok(!state.granted(token), "grants end with setup mode");
});

Deno.test("setup state - the code is fresh per state and grants are bounded", () => {
  const a = new SetupState({ hasAdmin: () => Promise.resolve(false) });
  const b = new SetupState({ hasAdmin: () => Promise.resolve(false) });
  assert.notEqual(a.code, b.code);
  const first = a.grant();
  for (let i = 0; i < 100; i++) a.grant();
  assert.ok(!a.granted(first), "the oldest grant made room");
});
