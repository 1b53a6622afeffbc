import assert from "node:assert/strict";
import { HttpError } from "./errors.ts";
import { CountLimiter, RateLimiter } from "./rate_limit.ts";

function limiter() {
  const clock = { now: 1_000_000 };
  return { clock, limit: new RateLimiter({ now: () => clock.now }) };
}

function refused(limit: RateLimiter, key: string): HttpError {
  try {
    limit.check(key);
  } catch (err) {
    assert.ok(err instanceof HttpError);
    return err;
  }
  throw new Error(`${key} was not refused`);
}

Deno.test("rate limit - five failures in 15 minutes lock the client out with 429 + Retry-After", () => {
  const { limit } = limiter();
  for (let i = 0; i < 4; i++) assert.equal(limit.fail("pin:a"), 0);
  limit.check("pin:a");
  assert.equal(limit.fail("pin:a"), 60);
  const err = refused(limit, "pin:a");
  assert.equal(err.status, 429);
  assert.equal(err.code, "too_many_attempts");
  assert.equal(err.headers["Retry-After"], "60");
  assert.deepEqual(err.params, { seconds: 60 });
  // Another client, or the same client doing something else, is not affected.
  limit.check("pin:b");
  limit.check("admin_login:a");
});

Deno.test("rate limit - failures spread over more than 15 minutes never lock", () => {
  const { clock, limit } = limiter();
  for (let i = 0; i < 20; i++) {
    assert.equal(limit.fail("k"), 0, `failure ${i}`);
    clock.now += 4 * 60_000;
  }
  limit.check("k");
});

Deno.test("rate limit - the lockout lifts, doubles on the next failure, and stops at 15 minutes", () => {
  const { clock, limit } = limiter();
  for (let i = 0; i < 5; i++) limit.fail("k");
  clock.now += 59_000;
  assert.equal(limit.retryAfter("k"), 1);
  clock.now += 1_000;
  limit.check("k");
  const locks = [];
  for (let i = 0; i < 6; i++) {
    locks.push(limit.fail("k"));
    clock.now += locks.at(-1)! * 1000;
  }
  assert.deepEqual(locks, [120, 240, 480, 900, 900, 900]);
});

Deno.test("rate limit - a success resets, and an idle client is forgotten: never permanent", () => {
  const { clock, limit } = limiter();
  for (let i = 0; i < 4; i++) limit.fail("k");
  limit.succeed("k");
  for (let i = 0; i < 4; i++) assert.equal(limit.fail("k"), 0);
  assert.equal(limit.fail("k"), 60);
  clock.now += 15 * 60_000 + 60_000;
  assert.equal(limit.size, 0);
  limit.check("k");
  assert.equal(limit.fail("k"), 0, "a forgotten client starts from scratch");
});

Deno.test("rate limit - memory is bounded: the stalest clients go first", () => {
  const clock = { now: 0 };
  const limit = new RateLimiter({ now: () => clock.now, maxKeys: 3 });
  for (const key of ["a", "b", "c", "d"]) {
    for (let i = 0; i < 5; i++) limit.fail(key);
    clock.now += 1;
  }
  assert.equal(limit.size, 3);
  limit.check("a");
  assert.equal(refused(limit, "d").status, 429);
});

Deno.test("count limit - max actions per window, then the seconds until it ends", () => {
  const clock = { now: 1_000_000 };
  const limit = new CountLimiter({ max: 3, windowMs: 60_000, now: () => clock.now });
  for (let i = 0; i < 3; i++) assert.equal(limit.take("a"), 0);
  assert.equal(limit.take("a"), 60);
  clock.now += 45_500;
  assert.equal(limit.take("a"), 15);
  assert.equal(limit.take("b"), 0, "keys are counted apart");
  clock.now += 14_500;
  assert.equal(limit.take("a"), 0, "the window ended");
});

Deno.test("count limit - remembers at most maxKeys keys, dropping the oldest windows", () => {
  const limit = new CountLimiter({ max: 1, windowMs: 60_000, maxKeys: 2 });
  assert.equal(limit.take("a"), 0);
  assert.equal(limit.take("b"), 0);
  assert.equal(limit.take("c"), 0);
  assert.ok(limit.take("c") > 0);
  assert.ok(limit.take("b") > 0);
  assert.equal(limit.take("a"), 0, "a was forgotten to make room");
});
