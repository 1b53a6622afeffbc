import assert from "node:assert/strict";
import { SessionStore } from "./sessions.ts";

function clock(start = 0) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

Deno.test("sessions - a new token validates and is unguessable", () => {
  const store = new SessionStore();
  const a = store.issue();
  const b = store.issue();
  assert.notEqual(a.token, b.token);
  assert.ok(a.token.length >= 32);
  assert.equal(store.use(a.token)?.token, a.token);
  assert.equal(store.use("made-up"), null);
  assert.equal(store.use(""), null);
});

Deno.test("sessions - tokens expire after 2 h idle, and each use slides the expiry", () => {
  const c = clock();
  const store = new SessionStore({ now: c.now });
  const s = store.issue();
  assert.equal(s.expiresAt, 2 * 60 * 60 * 1000);
  c.advance(110 * 60 * 1000);
  assert.ok(store.use(s.token), "still valid at 1 h 50 min");
  c.advance(110 * 60 * 1000);
  assert.ok(store.use(s.token), "valid again: the use at 1 h 50 min slid it");
  c.advance(2 * 60 * 60 * 1000);
  assert.equal(store.use(s.token), null, "expired after 2 h without use");
  assert.equal(store.size, 0);
});

Deno.test("sessions - the store is bounded and drops the least recently used", () => {
  const store = new SessionStore({ maxSessions: 3 });
  const [a, b, c] = [store.issue(), store.issue(), store.issue()];
  store.use(a.token);
  const d = store.issue();
  assert.equal(store.size, 3);
  assert.equal(store.use(b.token), null, "b was least recently used");
  for (const s of [a, c, d]) assert.ok(store.use(s.token));
});

Deno.test("sessions - a revoked token is gone", () => {
  const store = new SessionStore();
  const s = store.issue();
  store.revoke(s.token);
  assert.equal(store.use(s.token), null);
});
