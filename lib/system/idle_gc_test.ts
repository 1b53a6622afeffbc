import assert from "node:assert/strict";
import { IdleCollector, takeMemoryReducer } from "./idle_gc.ts";

const QUIET = 30;

/** A collector whose collections are counted and can be awaited. */
function collector(options: { busy?: () => boolean; quietMs?: number } = {}) {
  const at: number[] = [];
  let wake = () => {};
  const idle = new IdleCollector({
    collect: () => {
      at.push(performance.now());
      wake();
    },
    busy: options.busy ?? (() => false),
    firstQuietMs: QUIET,
    quietMs: options.quietMs ?? QUIET,
    rss: () => 1,
  });
  // The collector's timer is unref'd: a timer of our own keeps the test alive, and bounds it.
  const next = () => {
    let timer: ReturnType<typeof setTimeout>;
    return Promise.race([
      new Promise<void>((r) => (wake = r)),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error("no collection within 5 s")), 5_000);
      }),
    ]).finally(() => clearTimeout(timer));
  };
  return { idle, at, next };
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

Deno.test("idle gc - collects once after a quiet spell, and not again until something happens", async () => {
  const { idle, at, next } = collector();
  const touched = performance.now();
  const collected = next();
  idle.touch();
  await collected;
  assert.equal(at.length, 1);
  assert.ok(at[0] - touched >= QUIET - 1, `${at[0] - touched} ms after the touch`);
  await wait(QUIET * 3);
  assert.equal(at.length, 1, "an idle server collects once");
  const again = next();
  idle.touch();
  await again;
  assert.equal(at.length, 2);
  idle.close();
});

Deno.test("idle gc - requests that keep coming postpone it", async () => {
  const { idle, at, next } = collector();
  const collected = next();
  const touches: number[] = [];
  for (let i = 0; i < 5; i++) {
    touches.push(performance.now());
    idle.touch();
    await wait(QUIET / 3);
  }
  await collected;
  // Every collection comes a quiet spell after the last touch before it (timers may run late
  // on a loaded machine, never early).
  const before = touches.filter((t) => t <= at[0]);
  assert.ok(at[0] - before[before.length - 1] >= QUIET - 1, JSON.stringify({ touches, at }));
  idle.close();
});

Deno.test("idle gc - waits while work runs, then collects", async () => {
  let busy = true;
  const { idle, at, next } = collector({ busy: () => busy });
  const collected = next();
  idle.touch();
  await wait(QUIET * 3);
  assert.equal(at.length, 0, "no collection while busy");
  busy = false;
  await collected;
  assert.equal(at.length, 1);
  idle.close();
});

Deno.test("idle gc - the first collection follows a short quiet spell, later ones a long one", async () => {
  const long = QUIET * 10;
  const { idle, at, next } = collector({ quietMs: long });
  let collected = next();
  const first = performance.now();
  idle.touch();
  await collected;
  assert.ok(at[0] - first < long, `${at[0] - first} ms after the first touch`);
  collected = next();
  const second = performance.now();
  idle.touch();
  await collected;
  assert.ok(at[1] - second >= long - 1, `${at[1] - second} ms after the second touch`);
  idle.close();
});

Deno.test("idle gc - close disarms it", async () => {
  const { idle, at } = collector();
  idle.touch();
  idle.close();
  idle.touch();
  await wait(QUIET * 3);
  assert.equal(at.length, 0);
});

Deno.test("idle gc - the reducer is V8's gc with the memory-reducing options, taken off the global", () => {
  assert.equal(takeMemoryReducer({}), null);
  const calls: unknown[] = [];
  const global: { gc?: unknown } = { gc: (o: unknown) => calls.push(o) };
  const reduce = takeMemoryReducer(global);
  assert.ok(reduce);
  assert.equal(global.gc, undefined);
  reduce();
  assert.deepEqual(calls, [{ type: "major", execution: "sync", flavor: "last-resort" }]);
});
