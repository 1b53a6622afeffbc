import assert from "node:assert/strict";
import { HttpError } from "./errors.ts";
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

Deno.test("sessions - new tokens never used are dropped before any token in use", () => {
  const store = new SessionStore({ maxSessions: 3 });
  const [a, b] = [store.issue(), store.issue()];
  store.use(b.token);
  store.use(a.token);
  for (let i = 0; i < 100; i++) store.issue();
  assert.equal(store.size, 3);
  assert.ok(store.use(a.token), "a survived the flood");
  assert.ok(store.use(b.token), "b survived the flood");
  // With nothing unused left, the least recently used goes.
  const c = store.issue();
  store.use(c.token);
  store.use(a.token);
  store.issue();
  assert.equal(store.use(b.token), null, "b was least recently used");
  assert.ok(store.use(a.token));
  assert.ok(store.use(c.token));
});

Deno.test("sessions - each client gets 60 new tokens a minute; renewing is not counted", () => {
  const c = clock();
  const store = new SessionStore({ now: c.now });
  const first = store.issue("10.0.0.2");
  for (let i = 1; i < 60; i++) store.issue("10.0.0.2");
  assert.throws(() => store.issue("10.0.0.2"), (err: unknown) => {
    assert.ok(err instanceof HttpError);
    assert.equal(err.status, 429);
    assert.equal(err.code, "too_many_sessions");
    assert.equal(err.headers["Retry-After"], "60");
    return true;
  });
  assert.ok(store.use(first.token), "renewing still works");
  assert.ok(store.issue("10.0.0.3"), "another client is not affected");
  assert.ok(store.issue(), "no client named: not counted (in-process callers)");
  c.advance(60_000);
  assert.ok(store.issue("10.0.0.2"), "a new minute, a new budget");
});
