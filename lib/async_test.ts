import assert from "node:assert/strict";
import { abortable, lazy, sleep, yieldToEventLoop } from "./async.ts";

Deno.test("async - sleep waits, and an abort ends it at once with the reason", async () => {
  const start = performance.now();
  await sleep(20);
  assert.ok(performance.now() - start >= 15);
  const abort = new AbortController();
  const waiting = sleep(10_000, abort.signal);
  abort.abort(new Error("stop"));
  await assert.rejects(waiting, /stop/);
  await assert.rejects(sleep(1, abort.signal), /stop/, "an aborted signal refuses at once");
});

Deno.test("async - abortable stops this caller only; the work goes on", async () => {
  let resolve!: (v: number) => void;
  const shared = new Promise<number>((r) => resolve = r);
  const abort = new AbortController();
  const mine = abortable(shared, abort.signal);
  const other = abortable(shared);
  abort.abort(new Error("gone"));
  await assert.rejects(mine, /gone/);
  resolve(7);
  assert.equal(await other, 7);
  assert.equal(await abortable(Promise.resolve(1), new AbortController().signal), 1);
});

Deno.test("async - lazy loads once on first use, and tries again after a failure", async () => {
  let calls = 0;
  const fail = [true];
  const get = lazy(() => {
    calls++;
    return fail.shift() ? Promise.reject(new Error("offline")) : Promise.resolve({ n: calls });
  });
  assert.equal(calls, 0, "nothing before the first use");
  await assert.rejects(get(), /offline/);
  const [a, b] = await Promise.all([get(), get()]);
  assert.equal(a, b, "one value for every caller");
  assert.deepEqual(a, { n: 2 });
  assert.equal(calls, 2);
});

Deno.test("async - yieldToEventLoop lets I/O finish between turns, and leaves nothing open", async () => {
  let read = false;
  const reading = Deno.readFile(new URL(import.meta.url)).then(() => read = true);
  // Microtasks alone would never let the read's completion in: the loop would run out.
  let turns = 0;
  while (!read && turns < 10_000) {
    await yieldToEventLoop();
    turns++;
  }
  await reading;
  assert.ok(turns < 10_000, "the read finished while the loop yielded");
});
