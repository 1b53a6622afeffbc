import assert from "node:assert/strict";
import { AttemptLimiter } from "./limiter.ts";

Deno.test("setup limiter - a client is locked after max failures until the oldest leaves the window", () => {
  let now = 0;
  const limiter = new AttemptLimiter({ max: 3, windowMs: 60_000, now: () => now });
  for (let i = 0; i < 3; i++) {
    assert.deepEqual(limiter.check("a"), { allowed: true });
    limiter.fail("a");
    now += 1000;
  }
  // Failures at 0, 1 and 2 s: free again when the first leaves the window at 60 s.
  assert.deepEqual(limiter.check("a"), { allowed: false, retryAfterSeconds: 57 });
  assert.deepEqual(limiter.check("b"), { allowed: true }, "other clients are not affected");
  now = 60_001;
  assert.deepEqual(limiter.check("a"), { allowed: true });
});

Deno.test("setup limiter - success resets a client; all clients together are capped too", () => {
  let now = 0;
  const limiter = new AttemptLimiter({ max: 2, globalMax: 4, windowMs: 60_000, now: () => now });
  limiter.fail("a");
  limiter.reset("a");
  limiter.fail("a");
  assert.deepEqual(limiter.check("a"), { allowed: true });
  for (const client of ["b", "c", "d"]) limiter.fail(client);
  const verdict = limiter.check("fresh");
  assert.equal(verdict.allowed, false, "four failures from four addresses lock everyone");
  now = 60_001;
  assert.deepEqual(limiter.check("fresh"), { allowed: true });
});

Deno.test("setup limiter - remembers a bounded number of clients", () => {
  const limiter = new AttemptLimiter({ max: 1, globalMax: 10_000, maxClients: 10 });
  for (let i = 0; i < 50; i++) limiter.fail(`c${i}`);
  assert.deepEqual(limiter.check("c0"), { allowed: true }, "the oldest clients were forgotten");
  assert.equal(limiter.check("c49").allowed, false);
});
