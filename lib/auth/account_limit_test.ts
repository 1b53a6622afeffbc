import assert from "node:assert/strict";
import { HttpError } from "../http/errors.ts";
import { AccountLimiter } from "./account_limit.ts";

const MINUTE = 60_000;

function limiter() {
  const clock = { now: 1_000_000 };
  return { clock, limit: new AccountLimiter({ now: () => clock.now }) };
}

function refused(limit: AccountLimiter, account: string): HttpError {
  try {
    limit.take(account);
  } catch (err) {
    assert.ok(err instanceof HttpError);
    return err;
  }
  throw new Error(`${account} was not refused`);
}

Deno.test("account limit - 10 guesses in a row, then 429 + Retry-After until one refills", () => {
  const { clock, limit } = limiter();
  for (let i = 0; i < 10; i++) limit.take("pin:kid");
  const err = refused(limit, "pin:kid");
  assert.equal(err.status, 429);
  assert.equal(err.code, "too_many_attempts");
  assert.equal(err.headers["Retry-After"], "900");
  assert.deepEqual(err.params, { seconds: 900 });
  // Another account is not affected.
  limit.take("pin:ann");
  clock.now += 10 * MINUTE;
  assert.equal(refused(limit, "pin:kid").headers["Retry-After"], "300");
  clock.now += 5 * MINUTE;
  limit.take("pin:kid");
  refused(limit, "pin:kid");
});

Deno.test("account limit - a right guess gives its guess back, but never more than it took", () => {
  const { limit } = limiter();
  for (let i = 0; i < 9; i++) limit.take("admin");
  const right = limit.take("admin");
  refused(limit, "admin");
  right.refund();
  right.refund();
  assert.equal(limit.left("admin"), 1, "a success does not hand an attacker a fresh budget");
  limit.take("admin");
  refused(limit, "admin");
});

Deno.test("account limit - an attacker who guesses whenever allowed gets 105 in a day, at most 13 in any hour", () => {
  const { clock, limit } = limiter();
  const times: number[] = [];
  for (let minute = 0; minute < 24 * 60; minute++) {
    // Many tries a minute, from as many addresses as it likes: only the budget counts.
    for (let i = 0; i < 50; i++) {
      try {
        limit.take("pin:kid");
        times.push(clock.now);
      } catch (err) {
        if (!(err instanceof HttpError) || err.status !== 429) throw err;
        break;
      }
    }
    clock.now += MINUTE;
  }
  // 10 at once, then one every 15 minutes: at minute 15, 30, …, 1425.
  assert.equal(times.length, 10 + 95);
  const busiest = Math.max(
    ...times.map((t) => times.filter((u) => u >= t && u < t + 60 * MINUTE).length),
  );
  assert.equal(busiest, 13);
});

Deno.test("account limit - a quiet account refills to full and is forgotten: memory is bounded", () => {
  const clock = { now: 0 };
  const limit = new AccountLimiter({ now: () => clock.now, maxKeys: 2 });
  limit.take("a");
  limit.take("b");
  assert.equal(limit.size, 2);
  clock.now += 15 * MINUTE;
  assert.equal(limit.size, 0);
  for (let i = 0; i < 10; i++) limit.take("a");
  limit.take("b");
  limit.take("c");
  assert.equal(limit.size, 2);
  // The emptiest budget is kept: forgetting it would hand out fresh guesses.
  refused(limit, "a");
});
