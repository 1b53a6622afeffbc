import assert from "node:assert/strict";
import { HttpError } from "../http/errors.ts";
import { shutdownGraceFromEnv, streamCapFromEnv, TaskRegistry } from "./registry.ts";
import { DONE_SENTINEL, type Task, type TaskStatus } from "./task.ts";
import { aborted, collect, gate, recordingLog } from "./testing.ts";
import { ADMIN, ownersOf, profileOwner, SETUP } from "./owner.ts";

const MINUTE = 60_000;

/** A producer emitting `count` events of `size` bytes each ("token" + JSON string). */
function blob(count: number, size: number) {
  const text = "x".repeat(size - "token".length - 2);
  return (out: { emit(e: string, d: unknown): boolean }) => {
    for (let i = 0; i < count; i++) out.emit("token", text);
    return Promise.resolve();
  };
}

/** A producer that emits one event, then runs until it is aborted. */
function endless(size = 10) {
  return async (out: { emit(e: string, d: unknown): boolean }, signal: AbortSignal) => {
    blob(1, size)(out);
    await aborted(signal);
  };
}

function rejectsWith(fn: () => unknown, status: number, code: string) {
  assert.throws(fn, (e) => e instanceof HttpError && e.status === status && e.code === code);
}

async function finished(
  registry: TaskRegistry,
  run = blob(1, 10),
  owner = profileOwner("a"),
): Promise<Task> {
  const task = registry.start({ owner, kind: "chat", run });
  await task.ended;
  return task;
}

Deno.test("tasks - the per-task cap truncates the task, says so, and aborts the producer", async () => {
  using registry = new TaskRegistry({ perTaskCap: 1_000 });
  const ends: TaskStatus[] = [];
  let refusedAt = -1;
  let abortedInside = false;
  const task = registry.start({
    owner: profileOwner("a"),
    kind: "chat",
    run: (out, signal) => {
      for (let i = 0; i < 100; i++) {
        if (!out.emit("token", "y".repeat(93))) { // 100 bytes each
          refusedAt = i;
          abortedInside = signal.aborted;
          break;
        }
      }
      return Promise.resolve();
    },
    onEnd: (t) => void ends.push(t.status),
  });
  await task.ended;
  assert.equal(task.status, "truncated");
  assert.deepEqual(ends, ["truncated"]);
  assert.equal(refusedAt, 10);
  assert.equal(abortedInside, true);
  const chunks = await collect(task.read());
  assert.equal(chunks.length, 12);
  assert.equal(chunks[10].event, "error");
  assert.deepEqual(JSON.parse(chunks[10].data), {
    code: "stream_truncated",
    message: "The output passed the 1000 B stream limit and was cut off.",
  });
  assert.equal(chunks[11].event, DONE_SENTINEL);
  // Only the small final chunks may go past the cap.
  assert.ok(task.bytes > 1_000 && task.bytes < 1_200);
});

Deno.test("tasks - HEARTH_STREAM_CAP sets the per-task cap and a bad value fails loudly", () => {
  assert.equal(streamCapFromEnv(() => "1048576"), 1_048_576);
  assert.equal(streamCapFromEnv(() => undefined), undefined);
  assert.equal(streamCapFromEnv(() => " "), undefined);
  assert.equal(
    streamCapFromEnv(() => {
      throw new Deno.errors.NotCapable("no env");
    }),
    undefined,
  );
  for (const bad of ["50MB", "-1", "0", "1.5", "1e9"]) {
    assert.throws(() => streamCapFromEnv(() => bad), /HEARTH_STREAM_CAP/, bad);
  }
  using registry = new TaskRegistry();
  assert.equal(registry.stats().perTaskCap, streamCapFromEnv() ?? 50 * 1024 * 1024);
});

Deno.test("tasks - the total cap evicts the oldest finished tasks first", async () => {
  using registry = new TaskRegistry({ perTaskCap: 2_000, totalCap: 2_500 });
  const first = await finished(registry, blob(9, 100));
  const second = await finished(registry, blob(9, 100));
  assert.equal(registry.stats().finished, 2);
  const third = await finished(registry, blob(9, 100));
  assert.throws(() => registry.get(first.id, profileOwner("a")), HttpError);
  assert.equal(registry.get(second.id, profileOwner("a")), second);
  assert.equal(registry.get(third.id, profileOwner("a")), third);
  const stats = registry.stats();
  assert.equal(stats.evicted, 1);
  assert.equal(stats.bytes, second.bytes + third.bytes);
  assert.ok(stats.bytes <= 2_500);
});

Deno.test("tasks - new tasks are refused with 503 busy while running buffers fill the total cap", async () => {
  using registry = new TaskRegistry({ perTaskCap: 2_000, totalCap: 1_500 });
  const a = registry.start({ owner: profileOwner("a"), kind: "chat", run: endless(900) });
  const b = registry.start({ owner: profileOwner("a"), kind: "chat", run: endless(600) });
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(registry.stats().runningBytes, 1_500);
  assert.throws(
    () => registry.start({ owner: profileOwner("a"), kind: "chat", run: blob(1, 10) }),
    (e) =>
      e instanceof HttpError && e.status === 503 && e.code === "busy" && !!e.headers["Retry-After"],
  );
  assert.equal(registry.stats().refused, 1);
  a.cancel();
  b.cancel();
  await Promise.all([a.ended, b.ended]);
  // Both are finished now: the next start evicts the oldest, which makes room, and goes ahead.
  const c = await finished(registry);
  assert.equal(c.status, "done");
  rejectsWith(() => registry.get(a.id, profileOwner("a")), 404, "task_not_found");
  assert.equal(registry.get(b.id, profileOwner("a")), b);
  assert.equal(registry.stats().finished, 2);
});

Deno.test("tasks - a running task that would pass the total cap is cut off; the others go on", async () => {
  using registry = new TaskRegistry({ perTaskCap: 2_000, totalCap: 1_500 });
  const old = await finished(registry, blob(3, 100));
  const more = gate();
  const a = registry.start({
    owner: profileOwner("a"),
    kind: "chat",
    run: async (out, signal) => {
      blob(6, 100)(out);
      await more.promise;
      blob(2, 100)(out);
      await aborted(signal);
    },
  });
  const b = registry.start({ owner: profileOwner("a"), kind: "chat", run: blob(20, 100) });
  await b.ended;
  // The finished task went first; then b, the one growing, was cut at the total.
  rejectsWith(() => registry.get(old.id, profileOwner("a")), 404, "task_not_found");
  assert.equal(b.status, "truncated");
  assert.equal(b.length, 9 + 2, "900 bytes: what fitted beside a's 600, then the ending");
  const ending = JSON.parse(b.chunkAt(b.length - 2)!.data);
  assert.equal(ending.code, "stream_truncated");
  assert.match(ending.message, /1\.5 KiB for all streams together is full/);
  // b's buffer is finished, so it makes room for a, which goes on.
  more.open();
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(a.status, "running");
  assert.equal(a.length, 8);
  assert.ok(registry.stats().bytes <= 1_500 + 100, `${registry.stats().bytes} bytes`);
  a.cancel();
});

Deno.test("tasks - finished tasks are evicted once the TTL has passed on the injected clock", async () => {
  let now = 1_000_000;
  using registry = new TaskRegistry({ now: () => now, ttlMs: 10 * MINUTE });
  const old = await finished(registry);
  now += 5 * MINUTE;
  const young = await finished(registry);
  now += 5 * MINUTE - 1;
  registry.sweep();
  assert.equal(registry.get(old.id, profileOwner("a")), old);
  now += 1;
  registry.sweep();
  rejectsWith(() => registry.get(old.id, profileOwner("a")), 404, "task_not_found");
  assert.equal(registry.get(young.id, profileOwner("a")), young);
  now += 5 * MINUTE;
  await finished(registry); // start sweeps too
  rejectsWith(() => registry.get(young.id, profileOwner("a")), 404, "task_not_found");
  assert.equal(registry.stats().evicted, 2);
});

Deno.test("tasks - at most maxFinished finished tasks are kept, oldest evicted first", async () => {
  using registry = new TaskRegistry({ maxFinished: 3 });
  const tasks: Task[] = [];
  for (let i = 0; i < 5; i++) tasks.push(await finished(registry));
  assert.equal(registry.stats().finished, 3);
  for (const gone of tasks.slice(0, 2)) {
    rejectsWith(() => registry.get(gone.id, profileOwner("a")), 404, "task_not_found");
  }
  for (const kept of tasks.slice(2)) assert.equal(registry.get(kept.id, profileOwner("a")), kept);
  // Running tasks do not count against the limit and are never evicted.
  const running = registry.start({ owner: profileOwner("a"), kind: "chat", run: endless() });
  await finished(registry);
  assert.equal(registry.get(running.id, profileOwner("a")), running);
  running.cancel();
  await running.ended;
});

Deno.test("tasks - the janitor evicts expired tasks on its own", async () => {
  let now = 0;
  using registry = new TaskRegistry({ now: () => now, ttlMs: 1_000, janitorMs: 5 });
  const task = await finished(registry);
  now = 1_000;
  await new Promise((r) => setTimeout(r, 30));
  rejectsWith(() => registry.get(task.id, profileOwner("a")), 404, "task_not_found");
});

Deno.test("tasks - a task is found only by its owner, and a foreign id looks missing", async () => {
  using registry = new TaskRegistry();
  const mine = await finished(registry, blob(1, 10), profileOwner("alice"));
  const theirs = registry.start({ owner: profileOwner("bob"), kind: "pull", run: endless() });
  assert.equal(registry.get(mine.id, profileOwner("alice")), mine);
  let foreign: HttpError | undefined;
  let missing: HttpError | undefined;
  try {
    registry.get(theirs.id, profileOwner("alice"));
  } catch (e) {
    foreign = e as HttpError;
  }
  try {
    registry.get(crypto.randomUUID(), profileOwner("alice"));
  } catch (e) {
    missing = e as HttpError;
  }
  assert.ok(foreign && missing);
  assert.deepEqual(
    [foreign.status, foreign.code, foreign.message],
    [missing.status, missing.code, missing.message],
  );
  assert.equal(foreign.status, 404);
  assert.deepEqual(registry.list(profileOwner("alice")), [mine]);
  assert.deepEqual(registry.list(profileOwner("bob"), "pull"), [theirs]);
  assert.deepEqual(registry.list(profileOwner("bob"), "chat"), []);
  theirs.cancel();
  await theirs.ended;
});

Deno.test("tasks - shutdown marks running tasks interrupted and awaits their onEnd", async () => {
  const registry = new TaskRegistry();
  const saved: string[] = [];
  const onEnd = async (t: Task) => {
    await new Promise((r) => setTimeout(r, 10)); // a slow database write
    saved.push(`${t.meta.name}:${t.status}`);
  };
  const done = registry.start({
    owner: profileOwner("a"),
    kind: "chat",
    meta: { name: "done" },
    run: blob(1, 10),
    onEnd,
  });
  await done.ended;
  const one = registry.start({
    owner: profileOwner("a"),
    kind: "chat",
    meta: { name: "one" },
    run: endless(),
    onEnd,
  });
  const two = registry.start({
    owner: profileOwner("a"),
    kind: "chat",
    meta: { name: "two" },
    run: endless(),
    onEnd,
  });
  await new Promise((r) => setTimeout(r, 0));
  const result = await registry.shutdown();
  assert.deepEqual(result, { interrupted: 2, pending: 0 });
  assert.deepEqual(saved.sort(), ["done:done", "one:interrupted", "two:interrupted"]);
  assert.equal(one.chunkAt(1)?.event, "error");
  assert.equal(JSON.parse(one.chunkAt(1)!.data).code, "task_interrupted");
  assert.equal(two.status, "interrupted");
  rejectsWith(
    () => registry.start({ owner: profileOwner("a"), kind: "chat", run: blob(1, 10) }),
    503,
    "shutting_down",
  );
});

Deno.test("tasks - shutdown lets running tasks finish within the grace, then interrupts the rest", async () => {
  const registry = new TaskRegistry();
  const finish = gate();
  const quick = registry.start({
    owner: profileOwner("a"),
    kind: "chat",
    run: async (out) => {
      out.emit("token", "almost");
      await finish.promise;
      out.emit("token", "done");
    },
  });
  const slow = registry.start({ owner: profileOwner("a"), kind: "chat", run: endless() });
  await new Promise((r) => setTimeout(r, 0));
  const started = performance.now();
  const stopping = registry.shutdown({ graceMs: 150 });
  // New work is refused at once, while the running tasks go on.
  rejectsWith(
    () => registry.start({ owner: profileOwner("a"), kind: "chat", run: blob(1, 10) }),
    503,
    "shutting_down",
  );
  assert.equal(slow.status, "running");
  finish.open();
  await quick.ended;
  assert.equal(quick.status, "done", "finished in the grace: saved as done");
  const result = await stopping;
  const took = performance.now() - started;
  assert.deepEqual(result, { interrupted: 1, pending: 0 });
  assert.equal(slow.status, "interrupted");
  assert.ok(took >= 140 && took < 1_000, `${took.toFixed(0)} ms`);
});

Deno.test("tasks - a shutdown grace is not waited for when nothing runs", async () => {
  const registry = new TaskRegistry();
  await finished(registry);
  const started = performance.now();
  assert.deepEqual(await registry.shutdown({ graceMs: 60_000 }), { interrupted: 0, pending: 0 });
  assert.ok(performance.now() - started < 1_000);
});

Deno.test("tasks - HEARTH_SHUTDOWN_GRACE_MS sets the grace and a bad value fails loudly", () => {
  const env = (value?: string) => (name: string) =>
    name === "HEARTH_SHUTDOWN_GRACE_MS" ? value : undefined;
  assert.equal(shutdownGraceFromEnv(env()), undefined);
  assert.equal(shutdownGraceFromEnv(env(" 2500 ")), 2500);
  assert.equal(shutdownGraceFromEnv(env("0")), 0);
  for (const bad of ["-1", "1.5", "10s", "600001"]) {
    assert.throws(() => shutdownGraceFromEnv(env(bad)), /HEARTH_SHUTDOWN_GRACE_MS/, bad);
  }
  using registry = new TaskRegistry({ graceMs: 1234 });
  assert.equal(registry.graceMs, 1234);
});

Deno.test("tasks - shutdown waits for onEnd only as long as it is told", async () => {
  const { entries, log } = recordingLog();
  const registry = new TaskRegistry({ log });
  const stuck = gate();
  const task = registry.start({
    owner: profileOwner("a"),
    kind: "chat",
    run: endless(),
    onEnd: () => stuck.promise,
  });
  await new Promise((r) => setTimeout(r, 0));
  const started = performance.now();
  const result = await registry.shutdown({ timeoutMs: 20 });
  assert.ok(performance.now() - started < 1_000);
  assert.deepEqual(result, { interrupted: 1, pending: 1 });
  assert.match(entries[0].message, /1 onEnd call\(s\) still pending/);
  stuck.open();
  await task.ended;
});

Deno.test("tasks - stats count tasks by status and their bytes", async () => {
  using registry = new TaskRegistry({ perTaskCap: 500, totalCap: 10_000 });
  const done = await finished(registry, blob(2, 100));
  const truncated = await finished(registry, blob(10, 100));
  const running = registry.start({ owner: profileOwner("a"), kind: "chat", run: endless(50) });
  await new Promise((r) => setTimeout(r, 0));
  const stats = registry.stats();
  assert.equal(stats.running, 1);
  assert.equal(stats.finished, 2);
  assert.equal(stats.runningBytes, 50);
  assert.equal(stats.bytes, done.bytes + truncated.bytes + 50);
  assert.deepEqual(stats.byStatus, {
    running: 1,
    done: 1,
    error: 0,
    cancelled: 0,
    truncated: 1,
    interrupted: 0,
  });
  assert.equal(stats.totalCap, 10_000);
  running.cancel();
  await running.ended;
});

Deno.test("tasks - owners are typed: a profile, the admin and the wizard each see only theirs", async () => {
  using registry = new TaskRegistry();
  const reply = registry.start({ owner: profileOwner("ann"), kind: "chat", run: endless() });
  const pull = registry.start({ owner: ADMIN, kind: "pull", run: endless() });
  const install = registry.start({ owner: SETUP, kind: "install", run: endless() });
  // A request acts for what its state says: its device's profile, an admin login, the wizard.
  assert.deepEqual(ownersOf({ profile: { id: "ann" }, admin: true }), [profileOwner("ann"), ADMIN]);
  assert.deepEqual(ownersOf({ setup: true }), [SETUP]);
  assert.deepEqual(ownersOf({ admin: false }), []);
  const annAsAdmin = ownersOf({ profile: { id: "ann" }, admin: true });
  assert.deepEqual(registry.list(annAsAdmin).map((t) => t.kind), ["chat", "pull"]);
  assert.deepEqual(registry.list(annAsAdmin, ["pull", "install"]), [pull]);
  assert.equal(registry.get(install.id, SETUP), install);
  // A profile whose id reads "admin" or "setup" is still only a profile.
  rejectsWith(() => registry.get(pull.id, profileOwner("admin")), 404, "task_not_found");
  rejectsWith(
    () => registry.get(install.id, [profileOwner("setup"), ADMIN]),
    404,
    "task_not_found",
  );
  rejectsWith(() => registry.get(reply.id, profileOwner("bob")), 404, "task_not_found");
  rejectsWith(() => registry.get(reply.id, []), 404, "task_not_found");
  for (const task of [reply, pull, install]) task.cancel();
  await Promise.all([reply.ended, pull.ended, install.ended]);
});

Deno.test("tasks - cancel goes through the hook its kind defined, and answers once the task ended", async () => {
  using registry = new TaskRegistry();
  const seen: string[] = [];
  registry.define("chat", {
    async cancel(task) {
      seen.push(`hook ${task.status}`);
      const cancelled = task.cancel();
      await task.ended;
      return { cancelled, upstream: { stopped: true } };
    },
  });
  let saved = false;
  const reply = registry.start({
    owner: profileOwner("ann"),
    kind: "chat",
    run: endless(),
    async onEnd() {
      await new Promise((r) => setTimeout(r, 20));
      saved = true;
    },
  });
  const result = await registry.cancel(reply);
  assert.deepEqual(seen, ["hook running"]);
  assert.ok(saved, "answered after onEnd saved the reply");
  assert.deepEqual({ ...result, task: result.task.status }, {
    cancelled: true,
    task: "cancelled",
    upstream: { stopped: true },
  });
  // A kind without a hook is cancelled plainly; an ended task is not cancelled twice.
  const pull = registry.start({ owner: ADMIN, kind: "pull", run: endless() });
  assert.deepEqual(await registry.cancel(pull), {
    cancelled: true,
    task: pull.info(),
    upstream: null,
  });
  assert.equal((await registry.cancel(pull)).cancelled, false);
  assert.equal((await registry.cancel(reply)).cancelled, false);
});
